#include "vigil/log/trace_propagation.h"

#include <gtest/gtest.h>

#include "vigil/log/correlation.h"
#include "vigil/trace/traceparent.h"

namespace vigil::log {
namespace {

constexpr std::string_view kIncoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

TEST(TracePropagationTest, IncomingTraceIdBecomesTheCorrelationId) {
  EXPECT_EQ(correlation_id_from_traceparent(kIncoming), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(correlation_id_from_traceparent(" 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00\t"),
            "4bf92f3577b34da6a3ce929d0e0e4736");
}

TEST(TracePropagationTest, InvalidOrMissingHeaderStartsANewId) {
  for (std::string_view bad : {"", "garbage", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                               "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"}) {
    const std::string id = correlation_id_from_traceparent(bad);
    EXPECT_EQ(id.size(), 32u) << bad;
    EXPECT_NE(id, "4bf92f3577b34da6a3ce929d0e0e4736");
  }
}

TEST(TracePropagationTest, OutgoingCarriesTheScopesTraceIdWithAFreshParentId) {
  CorrelationScope scope(correlation_id_from_traceparent(kIncoming));
  const auto first = outgoing_traceparent();
  const auto second = outgoing_traceparent(false);
  ASSERT_TRUE(first && second);
  const auto a = trace::parse_traceparent(*first);
  const auto b = trace::parse_traceparent(*second);
  ASSERT_TRUE(a && b) << *first << " " << *second;
  EXPECT_EQ(a->trace_id_hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(b->trace_id_hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_TRUE(a->sampled());
  EXPECT_FALSE(b->sampled());
  EXPECT_NE(a->parent_id_hex(), b->parent_id_hex());
  EXPECT_NE(a->parent_id_hex(), "00f067aa0ba902b7") << "the parent-id names this hop, not the caller's";
}

TEST(TracePropagationTest, RoundTripsAcrossAHop) {
  CorrelationScope caller(new_correlation_id());
  const std::string sent = outgoing_traceparent().value();
  CorrelationScope callee(correlation_id_from_traceparent(sent));
  EXPECT_EQ(CorrelationScope::current(), std::string_view(sent).substr(3, 32));
}

TEST(TracePropagationTest, NothingToSendWithoutATraceShapedId) {
  EXPECT_EQ(outgoing_traceparent(), std::nullopt);
  CorrelationScope request("req-42");
  EXPECT_EQ(outgoing_traceparent(), std::nullopt);
  CorrelationScope zeros(std::string(32, '0'));
  EXPECT_EQ(outgoing_traceparent(), std::nullopt);
  CorrelationScope upper("4BF92F3577B34DA6A3CE929D0E0E4736");
  EXPECT_EQ(outgoing_traceparent(), std::nullopt);
}

}  // namespace
}  // namespace vigil::log
