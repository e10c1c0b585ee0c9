#include "vigil/log/operation.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "log/json_line.h"
#include "vigil/log/correlation.h"

namespace vigil::log {
namespace {

using testing::parse_log_line;

struct OperationTest : ::testing::Test {
  std::shared_ptr<MemorySink> sink = std::make_shared<MemorySink>();
  Logger logger{"test", sink, Level::debug, std::make_shared<const Redactor>()};

  std::vector<testing::JsonLine> lines() {
    std::vector<testing::JsonLine> out;
    for (const auto& raw : sink->lines()) {
      auto parsed = parse_log_line(raw);
      EXPECT_TRUE(parsed.has_value()) << raw;
      if (parsed) out.push_back(*parsed);
    }
    return out;
  }
};

double number(const testing::JsonLine& line, std::string_view key) {
  const std::string* text = line.get(key);
  return text != nullptr ? std::stod(*text) : -1;
}

TEST_F(OperationTest, LogsNameDurationAndOkOutcome) {
  { auto op = track_operation(logger, "load_config"); }
  const auto all = lines();
  ASSERT_EQ(all.size(), 1u);
  const auto& line = all[0];
  EXPECT_EQ(*line.get("level"), "info");
  EXPECT_EQ(*line.get("msg"), "operation completed");
  EXPECT_EQ(*line.get("operation"), "load_config");
  EXPECT_GE(number(line, "duration_seconds"), 0.0);
  EXPECT_EQ(sink->lines()[0].find("\"duration_seconds\":\""), std::string::npos) << "a number, not a string";
  EXPECT_EQ(*line.get("outcome"), "ok");
  EXPECT_EQ(line.get("error"), nullptr);
}

TEST_F(OperationTest, FailGivesErrorOutcomeAndMessage) {
  {
    auto op = track_operation(logger, "flush");
    op.fail("disk full");
  }
  const auto line = lines().at(0);
  EXPECT_EQ(*line.get("level"), "error");
  EXPECT_EQ(*line.get("msg"), "operation failed");
  EXPECT_EQ(*line.get("outcome"), "error");
  EXPECT_EQ(*line.get("error"), "disk full");
}

TEST_F(OperationTest, LeavingByExceptionIsAFailure) {
  try {
    auto op = track_operation(logger, "parse");
    throw std::runtime_error("bad input");
  } catch (const std::runtime_error&) {
  }
  const auto line = lines().at(0);
  EXPECT_EQ(*line.get("outcome"), "error");
  EXPECT_EQ(*line.get("error"), "exception");
}

TEST_F(OperationTest, CallableFormLogsTheExceptionMessageAndRethrows) {
  EXPECT_THROW(track_operation(logger, "parse", []() -> int { throw std::runtime_error("bad input"); }),
               std::runtime_error);
  EXPECT_EQ(*lines().at(0).get("error"), "bad input");
  EXPECT_EQ(track_operation(logger, "sum", [] { return 42; }), 42);
  EXPECT_EQ(*lines().at(1).get("outcome"), "ok");
}

TEST_F(OperationTest, AScopeInsideACatchHandlerIsNotFailedByTheHandledException) {
  try {
    throw std::runtime_error("handled");
  } catch (const std::runtime_error&) {
    auto op = track_operation(logger, "cleanup");
  }
  EXPECT_EQ(*lines().at(0).get("outcome"), "ok");
}

TEST_F(OperationTest, CreatesACorrelationIdThatNestedCodeInherits) {
  ASSERT_EQ(CorrelationScope::current(), "");
  std::string inside;
  {
    auto op = track_operation(logger, "job");
    inside = std::string(CorrelationScope::current());
    logger.info("step");
  }
  EXPECT_EQ(CorrelationScope::current(), "");
  ASSERT_EQ(inside.size(), 32u);
  const auto all = lines();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(*all[0].get("correlation_id"), inside);
  EXPECT_EQ(*all[1].get("correlation_id"), inside) << "the operation's own line carries the id";
}

TEST_F(OperationTest, KeepsAnActiveCorrelationId) {
  CorrelationScope request("req-7");
  { auto op = track_operation(logger, "job"); }
  EXPECT_EQ(*lines().at(0).get("correlation_id"), "req-7");
}

TEST_F(OperationTest, RecordsDurationAndOutcomeInMetrics) {
  metrics::Registry registry;
  const OperationMetrics m = register_operation_metrics(registry, "app_");
  { auto op = track_operation(logger, "load", m); }
  {
    auto op = track_operation(logger, "load", m);
    op.fail("x");
  }
  EXPECT_EQ(m.outcomes->with({"load", "ok"}).value(), 1);
  EXPECT_EQ(m.outcomes->with({"load", "error"}).value(), 1);
  EXPECT_EQ(m.duration_seconds->with({"load"}).snapshot().count, 2u);
  EXPECT_THROW(register_operation_metrics(registry, "app_"), std::invalid_argument);
}

TEST_F(OperationTest, RejectsFamiliesWithOtherLabelNames) {
  metrics::Registry registry;
  OperationMetrics wrong;
  wrong.outcomes = &registry.counter("ops_total", "x", {"outcome"});
  EXPECT_THROW(TrackedOperation(logger, "x", wrong), std::invalid_argument);
  OperationMetrics wrong_histogram;
  wrong_histogram.duration_seconds = &registry.histogram("op_seconds", "x", {});
  EXPECT_THROW(TrackedOperation(logger, "x", wrong_histogram), std::invalid_argument);
  EXPECT_TRUE(sink->lines().empty());
  EXPECT_EQ(CorrelationScope::current(), "") << "a rejected scope leaves no correlation scope behind";
}

}  // namespace
}  // namespace vigil::log
