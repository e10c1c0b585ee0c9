#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "promql/kernels/value_kernels.h"

namespace vigil::promql::kernels {
namespace {

storage::LabelSet labels(std::vector<storage::Label> l) { return *storage::LabelSet::from(std::move(l)); }

TEST(LabelJoin, JoinsInOrderWithMissingAsEmpty) {
  const auto in = labels({{"src", "a"}, {"src1", "b"}, {"src2", "c"}, {"dst", "original"}});
  const std::vector<std::string> all = {"src", "src1", "src2"};
  EXPECT_EQ(label_join(in, "dst", "-", all).get("dst"), "a-b-c");
  const std::vector<std::string> gap = {"src", "src3", "src1"};
  EXPECT_EQ(label_join(in, "dst", "-", gap).get("dst"), "a--b");
  const std::vector<std::string> empties = {"emptysrc", "emptysrc1", "emptysrc2"};
  EXPECT_EQ(label_join(in, "dst", "", empties), labels({{"src", "a"}, {"src1", "b"}, {"src2", "c"}}));
  EXPECT_EQ(label_join(in, "dst", ", ", {}), labels({{"src", "a"}, {"src1", "b"}, {"src2", "c"}}));
  EXPECT_EQ(label_join(labels({{"src", "foo"}}), "dst", ", ", all).get("dst"), "foo, , ");
}

TEST(LabelJoin, NameChecks) {
  const std::vector<std::string> good = {"src"};
  EXPECT_TRUE(check_label_join("dst", good).has_value());
  const std::vector<std::string> bad_src = {"src", "bad-name"};
  EXPECT_EQ(check_label_join("dst", bad_src).error().message, "invalid source label name in label_join(): bad-name");
  EXPECT_EQ(check_label_join("1dst", good).error().message, "invalid destination label name in label_join(): 1dst");
}

}  // namespace
}  // namespace vigil::promql::kernels
