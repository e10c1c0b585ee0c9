#include "storage/labels/validation.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vigil::storage {
namespace {

LabelSet make(std::vector<Label> labels) { return LabelSet::from(std::move(labels)).value(); }

// The error message for `labels`, or "ok" when they are valid.
std::string check(std::vector<Label> labels, const LabelLimits& limits = {}) {
  auto result = validate(make(std::move(labels)), limits);
  if (result) return "ok";
  EXPECT_EQ(result.error().kind, ErrorKind::invalid_argument);
  return result.error().message;
}

TEST(ValidateLabels, AcceptsValidSeries) {
  EXPECT_EQ(check({{"__name__", "http_requests:rate5m"}, {"job", "a"}, {"_private", "x"}, {"code2", "é✓𝄞"}}), "ok");
  EXPECT_EQ(check({{"job", "a"}}), "ok");
}

TEST(ValidateLabels, RejectsInvalidLabelName) {
  EXPECT_EQ(check({{"__name__", "up"}, {"job", "a"}, {"1bad", "x"}}),
            R"(series up{1bad="x", job="a"}: label "1bad": invalid label name)");
  EXPECT_EQ(check({{"a-b", "x"}}), R"(series {a-b="x"}: label "a-b": invalid label name)");
  EXPECT_EQ(check({{"a:b", "x"}}), R"(series {a:b="x"}: label "a:b": invalid label name)");
  EXPECT_EQ(check({{"", "x"}}), R"(series {="x"}: label "": invalid label name)");
}

TEST(ValidateLabels, RejectsInvalidMetricName) {
  EXPECT_EQ(check({{"__name__", "1up"}}), R"(series 1up: label "__name__": invalid metric name)");
  EXPECT_EQ(check({{"__name__", "up-time"}, {"job", "a"}}),
            R"(series up-time{job="a"}: label "__name__": invalid metric name)");
  EXPECT_EQ(check({{"__name__", ":colon_first"}}), "ok");
}

TEST(ValidateLabels, RejectsReservedNames) {
  EXPECT_EQ(check({{"__name__", "up"}, {"__address__", "h:1"}}),
            R"(series up{__address__="h:1"}: label "__address__": names starting with "__" are reserved)");
}

TEST(ValidateLabels, RejectsInvalidUtf8Values) {
  for (std::string bad : {"\xff", "\xc3", "\xc0\xaf" /* overlong '/' */, "\xed\xa0\x80" /* surrogate */,
                          "\xf4\x90\x80\x80" /* past U+10FFFF */}) {
    EXPECT_EQ(check({{"__name__", "up"}, {"job", "a" + bad}}).substr(0, 9), "series up") << bad;
    EXPECT_TRUE(
        check({{"__name__", "up"}, {"job", "a" + bad}}).ends_with(R"(: label "job": value is not valid UTF-8)"));
  }
  // The message quotes the bad bytes escaped so that it is valid UTF-8 itself.
  EXPECT_EQ(check({{"job", "a\xff"}}), R"(series {job="a\xff"}: label "job": value is not valid UTF-8)");
}

TEST(ValidateLabels, EnforcesLabelCount) {
  LabelLimits limits{.max_labels_per_series = 2};
  EXPECT_EQ(check({{"__name__", "up"}, {"a", "1"}}, limits), "ok");
  EXPECT_EQ(check({{"__name__", "up"}, {"a", "1"}, {"b", "2"}}, limits),
            R"(series up{a="1", b="2"}: 3 labels, more than the limit of 2)");
}

TEST(ValidateLabels, EnforcesNameLength) {
  LabelLimits limits{.max_name_length = 4};
  EXPECT_EQ(check({{"abcd", "1"}}, limits), "ok");
  EXPECT_EQ(check({{"abcde", "1"}}, limits),
            R"(series {abcde="1"}: label "abcde": name is 5 bytes, longer than the limit of 4)");
}

TEST(ValidateLabels, EnforcesValueLengthIncludingMetricName) {
  LabelLimits limits{.max_value_length = 3};
  EXPECT_EQ(check({{"__name__", "abc"}, {"a", "123"}}, limits), "ok");
  EXPECT_EQ(check({{"a", "1234"}}, limits),
            R"(series {a="1234"}: label "a": value is 4 bytes, longer than the limit of 3)");
  EXPECT_EQ(check({{"__name__", "abcd"}}, limits),
            R"(series abcd: label "__name__": value is 4 bytes, longer than the limit of 3)");
}

TEST(ValidateLabels, TruncatesLongSeriesInMessage) {
  std::string message = check({{"__name__", "up"}, {"job", std::string(5000, 'x')}});
  EXPECT_TRUE(message.starts_with("series up{job=\"xxx")) << message;
  EXPECT_TRUE(message.ends_with(R"(…: label "job": value is 5000 bytes, longer than the limit of 4096)")) << message;
  EXPECT_LT(message.size(), 300u);
}

TEST(ValidateLabels, TruncatesAtCharacterBoundary) {
  // The text form `up{1bad="x", j="x` is 17 bytes, then two-byte 'é's: byte
  // 200 falls inside one, so a correct cut keeps 199 bytes (odd).
  std::string accents;
  for (int i = 0; i < 150; ++i) accents += "é";
  std::string message = check({{"__name__", "up"}, {"j", "x" + accents}, {"1bad", "x"}});
  std::string prefix = "series ";
  std::string series = message.substr(prefix.size(), message.find("…") - prefix.size());
  EXPECT_EQ(series.size() % 2, 1u) << "cut inside a character: " << series.size();
  EXPECT_TRUE(message.ends_with(R"(: label "1bad": invalid label name)")) << message;
}

}  // namespace
}  // namespace vigil::storage
