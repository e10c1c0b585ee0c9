#include "export/otlp/send_outcome.h"

#include <gtest/gtest.h>

namespace vigil::exporter::otlp {
namespace {

using std::chrono::milliseconds;

SendOutcome outcome_of_status(long status) {
  PostResult result;
  result.status = status;
  return outcome_of(result);
}

TEST(SendOutcomeTest, WhatIsRetried) {
  EXPECT_EQ(outcome_of_status(200), SendOutcome::exported);
  EXPECT_EQ(outcome_of_status(204), SendOutcome::exported);
  for (long status : {0L, 429L, 502L, 503L, 504L})
    EXPECT_EQ(outcome_of_status(status), SendOutcome::retryable) << status;
  for (long status : {400L, 401L, 404L, 413L, 415L, 500L}) {
    EXPECT_EQ(outcome_of_status(status), SendOutcome::permanent) << status;
  }
}

TEST(SendOutcomeTest, BackoffGrowsToTheMaximumWithinTheJitter) {
  RetryPolicy policy;  // 1 s, doubling, at most 30 s, +-20 %
  std::minstd_rand random(7);
  for (int i = 0; i < 50; ++i) {
    const milliseconds first = retry_delay(policy, 1, std::nullopt, random);
    EXPECT_GE(first, milliseconds(800));
    EXPECT_LE(first, milliseconds(1200));
    const milliseconds third = retry_delay(policy, 3, std::nullopt, random);
    EXPECT_GE(third, milliseconds(3200));
    EXPECT_LE(third, milliseconds(4800));
    EXPECT_LE(retry_delay(policy, 20, std::nullopt, random), milliseconds(30000));
  }
}

TEST(SendOutcomeTest, RetryAfterReplacesTheBackoffUpToTheMaximum) {
  RetryPolicy policy;
  std::minstd_rand random(7);
  EXPECT_EQ(retry_delay(policy, 1, milliseconds(5000), random), milliseconds(5000));
  EXPECT_EQ(retry_delay(policy, 1, milliseconds(120000), random), milliseconds(30000));
}

TEST(SendOutcomeTest, RetryAfterSecondsAndDates) {
  const auto now = std::chrono::system_clock::from_time_t(1'700'000'000);  // Tue, 14 Nov 2023 22:13:20 GMT
  EXPECT_EQ(parse_retry_after("3", now), milliseconds(3000));
  EXPECT_EQ(parse_retry_after("Tue, 14 Nov 2023 22:13:30 GMT", now), milliseconds(10000));
  EXPECT_EQ(parse_retry_after("Tue, 14 Nov 2023 22:00:00 GMT", now), milliseconds(0));
  EXPECT_EQ(parse_retry_after("", now), std::nullopt);
  EXPECT_EQ(parse_retry_after("-1", now), std::nullopt);
  EXPECT_EQ(parse_retry_after("soon", now), std::nullopt);
  // Beyond a nanosecond time point's range (year 2262): capped at a day, no overflow.
  EXPECT_EQ(parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", now), milliseconds(86400000));
}

}  // namespace
}  // namespace vigil::exporter::otlp
