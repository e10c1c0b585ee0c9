#include "storage/labels/label_set_builder.h"

#include <gtest/gtest.h>

namespace vigil::storage {
namespace {

LabelSet base() { return LabelSet::from({{"__name__", "up"}, {"job", "a"}, {"zone", "z"}}).value(); }

TEST(LabelSetBuilder, SetAddsInOrderAndReplaces) {
  LabelSet out = LabelSetBuilder(base()).set("instance", "h:1").set("job", "b").labels();
  EXPECT_EQ(out.to_string(), R"(up{instance="h:1", job="b", zone="z"})");
}

TEST(LabelSetBuilder, SetEmptyValueDeletes) {
  EXPECT_EQ(LabelSetBuilder(base()).set("zone", "").labels().to_string(), R"(up{job="a"})");
}

TEST(LabelSetBuilder, DelRemovesAndIgnoresAbsent) {
  EXPECT_EQ(LabelSetBuilder(base()).del("job").del("missing").labels().to_string(), R"(up{zone="z"})");
}

TEST(LabelSetBuilder, KeepRetainsOnlyListed) {
  EXPECT_EQ(LabelSetBuilder(base()).keep({"__name__", "zone", "missing"}).labels().to_string(), R"(up{zone="z"})");
}

TEST(LabelSetBuilder, ResultEqualsSetBuiltFromScratch) {
  LabelSet edited = LabelSetBuilder(base()).del("zone").set("a", "1").labels();
  LabelSet expected = LabelSet::from({{"a", "1"}, {"job", "a"}, {"__name__", "up"}}).value();
  EXPECT_EQ(edited, expected);
  EXPECT_EQ(edited.hash(), expected.hash());
}

TEST(LabelSetBuilder, LeavesBaseUnchanged) {
  LabelSet original = base();
  LabelSetBuilder(original).set("job", "b").del("zone");
  EXPECT_EQ(original, base());
}

}  // namespace
}  // namespace vigil::storage
