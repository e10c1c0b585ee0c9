#include "storage/labels/label_set.h"

#include <gtest/gtest.h>

#include <vector>

namespace vigil::storage {
namespace {

LabelSet make(std::vector<Label> labels) {
  auto set = LabelSet::from(std::move(labels));
  EXPECT_TRUE(set) << set.error().message;
  return set.value_or(LabelSet{});
}

TEST(LabelSet, SortsByName) {
  LabelSet set = make({{"zone", "b"}, {"__name__", "up"}, {"job", "a"}});
  std::vector<std::string> names;
  for (const Label& label : set) names.push_back(label.name);
  EXPECT_EQ(names, (std::vector<std::string>{"__name__", "job", "zone"}));
  EXPECT_EQ(set.size(), 3u);
}

TEST(LabelSet, DropsEmptyValues) {
  LabelSet set = make({{"job", "a"}, {"zone", ""}});
  EXPECT_EQ(set.size(), 1u);
  EXPECT_EQ(set, make({{"job", "a"}}));
}

TEST(LabelSet, AllEmptyValuesGiveEmptySet) {
  LabelSet set = make({{"job", ""}});
  EXPECT_TRUE(set.empty());
}

TEST(LabelSet, RejectsDuplicateNamesNamingTheLabel) {
  auto set = LabelSet::from({{"job", "a"}, {"zone", "b"}, {"job", "c"}});
  ASSERT_FALSE(set);
  EXPECT_EQ(set.error().kind, ErrorKind::invalid_argument);
  EXPECT_EQ(set.error().message, "duplicate label name \"job\"");
}

TEST(LabelSet, RejectsDuplicateNamesEvenWhenOneValueIsEmpty) {
  auto set = LabelSet::from({{"job", ""}, {"job", "a"}});
  ASSERT_FALSE(set);
  EXPECT_EQ(set.error().message, "duplicate label name \"job\"");
}

TEST(LabelSet, GetReturnsValueOrEmpty) {
  LabelSet set = make({{"__name__", "up"}, {"job", "a"}});
  EXPECT_EQ(set.get("job"), "a");
  EXPECT_EQ(set.get("zone"), "");
  EXPECT_EQ(set.get("jo"), "");
  EXPECT_EQ(set.metric_name(), "up");
  EXPECT_EQ(make({{"job", "a"}}).metric_name(), "");
}

TEST(LabelSet, EqualityIgnoresInputOrder) {
  LabelSet a = make({{"job", "a"}, {"__name__", "up"}});
  LabelSet b = make({{"__name__", "up"}, {"job", "a"}});
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.hash(), b.hash());
  EXPECT_FALSE(a < b);
  EXPECT_FALSE(b < a);
}

TEST(LabelSet, DifferentSetsDifferAndHashDifferently) {
  LabelSet base = make({{"__name__", "up"}, {"job", "a"}});
  for (const LabelSet& other : {make({{"__name__", "up"}, {"job", "b"}}), make({{"__name__", "up"}, {"jobs", "a"}}),
                                make({{"__name__", "up"}}), make({{"__name__", "up"}, {"job", "a"}, {"zone", "z"}})}) {
    EXPECT_NE(base, other) << other.to_string();
    EXPECT_NE(base.hash(), other.hash()) << other.to_string();
  }
}

TEST(LabelSet, HashSeparatesNamesFromValues) {
  // Without a separator both would hash the bytes "abc".
  EXPECT_NE(make({{"a", "bc"}}).hash(), make({{"ab", "c"}}).hash());
}

TEST(LabelSet, OrdersLikePrometheusCompare) {
  // By name first, then value, pair by pair; a prefix sorts first.
  EXPECT_LT(make({{"a", "2"}}), make({{"b", "1"}}));
  EXPECT_LT(make({{"a", "1"}}), make({{"a", "2"}}));
  EXPECT_LT(make({{"a", "1"}}), make({{"a", "1"}, {"b", "1"}}));
  EXPECT_LT(make({{"a", "1"}, {"b", "9"}}), make({{"a", "1"}, {"c", "0"}}));
  EXPECT_LT(LabelSet{}, make({{"a", "1"}}));
}

TEST(LabelSet, ToStringPrometheusForm) {
  EXPECT_EQ(make({{"zone", "b"}, {"job", "a"}, {"__name__", "up"}}).to_string(), R"(up{job="a", zone="b"})");
  EXPECT_EQ(make({{"__name__", "up"}}).to_string(), "up");
  EXPECT_EQ(make({{"job", "a"}}).to_string(), R"({job="a"})");
  EXPECT_EQ(LabelSet{}.to_string(), "{}");
}

TEST(LabelSet, ToStringEscapesValues) {
  LabelSet set = make({{"__name__", "m"}, {"path", "C:\\dir \"x\"\nnext"}});
  EXPECT_EQ(set.to_string(), R"(m{path="C:\\dir \"x\"\nnext"})");
}

}  // namespace
}  // namespace vigil::storage
