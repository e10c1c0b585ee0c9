#include "alerting/labels.h"

#include <gtest/gtest.h>

namespace vigil::alerting {
namespace {

// Expected values computed with prometheus/common model.LabelSet (Go).
TEST(Labels, FingerprintsAsPrometheusModel) {
  EXPECT_EQ(fingerprint_text(fingerprint({})), "cbf29ce484222325");
  EXPECT_EQ(fingerprint_text(fingerprint({{"alertname", "HighLatency"}})), "73dbeed5635ea4e4");
  EXPECT_EQ(fingerprint_text(fingerprint({{"alertname", "HighLatency"}, {"job", "api"}, {"severity", "page"}})),
            "a105e054dfb59f59");
  EXPECT_EQ(fingerprint_text(fingerprint({{"a", ""}, {"b", "x"}})), "c5a5302263c79c50");
  EXPECT_EQ(fingerprint_text(fingerprint({{"name", "välue ✓"}, {"x:y", "1"}})), "31031e44c811c27c");
}

TEST(Labels, PrintsAsGoLabelSet) {
  EXPECT_EQ(labels_text({}), "{}");
  EXPECT_EQ(labels_text({{"alertname", "HighLatency"}, {"job", "api"}}), R"({alertname="HighLatency", job="api"})");
  EXPECT_EQ(labels_text({{"name", "välue ✓"}, {"x:y", "1"}}), R"({name="välue ✓", x:y="1"})");
  // Go sorts the printed pairs: ':' sorts before '='.
  EXPECT_EQ(labels_text({{"a", "1"}, {"a:b", "2"}}), R"({a:b="2", a="1"})");
  EXPECT_EQ(labels_text({{"q", "a\"b\n"}}), R"({q="a\"b\n"})");
}

TEST(Labels, AbsentValueIsEmpty) {
  const Labels labels{{"a", "1"}};
  EXPECT_EQ(label_value(labels, "a"), "1");
  EXPECT_EQ(label_value(labels, "b"), "");
}

}  // namespace
}  // namespace vigil::alerting
