#include "storage/labels/interned_labels.h"

#include <gtest/gtest.h>

namespace vigil::storage {
namespace {

LabelSet labels(std::vector<Label> l) { return LabelSet::from(std::move(l)).value(); }

TEST(InternedLabels, RoundTripsAndShareSymbols) {
  SymbolTable symbols;
  LabelSet a = labels({{"__name__", "up"}, {"job", "api"}, {"instance", "a-rather-long-host-name:9100"}});
  LabelSet b = labels({{"__name__", "up"}, {"job", "api"}, {"instance", "other:9100"}});
  auto ia = InternedLabels::intern(a, symbols);
  auto ib = InternedLabels::intern(b, symbols);
  EXPECT_EQ(ia.materialize(symbols), a);
  EXPECT_EQ(ib.materialize(symbols), b);
  EXPECT_EQ(symbols.size(), 7u);  // __name__ up job api instance and two hosts
  EXPECT_EQ(ia.memory_bytes(), 7 * sizeof(uint32_t));
  EXPECT_EQ(ia.name_id(0), ib.name_id(0));
}

TEST(InternedLabels, EqualsComparesNamesValuesAndSize) {
  SymbolTable symbols;
  auto i = InternedLabels::intern(labels({{"a", "1"}, {"b", "2"}}), symbols);
  EXPECT_TRUE(i.equals(labels({{"b", "2"}, {"a", "1"}}), symbols));
  EXPECT_FALSE(i.equals(labels({{"a", "1"}, {"b", "3"}}), symbols));
  EXPECT_FALSE(i.equals(labels({{"a", "1"}, {"c", "2"}}), symbols));
  EXPECT_FALSE(i.equals(labels({{"a", "1"}}), symbols));
  EXPECT_FALSE(i.equals(labels({{"a", "1"}, {"b", "2"}, {"c", "3"}}), symbols));
}

TEST(InternedLabels, EmptySet) {
  SymbolTable symbols;
  auto i = InternedLabels::intern(LabelSet(), symbols);
  EXPECT_EQ(i.size(), 0u);
  EXPECT_TRUE(i.materialize(symbols).empty());
  EXPECT_TRUE(i.equals(LabelSet(), symbols));
}

}  // namespace
}  // namespace vigil::storage
