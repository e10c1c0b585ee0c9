#include "vigil/log/logger.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <regex>
#include <thread>

#include "log/json_line.h"
#include "vigil/log/correlation.h"

namespace vigil::log {
namespace {

using testing::parse_log_line;

struct LoggerTest : ::testing::Test {
  std::shared_ptr<MemorySink> sink = std::make_shared<MemorySink>();
  Logger logger{"test", sink, Level::info, std::make_shared<const Redactor>()};

  testing::JsonLine only_line() {
    const auto lines = sink->lines();
    EXPECT_EQ(lines.size(), 1u);
    if (lines.empty()) return {};
    auto parsed = parse_log_line(lines.back());
    EXPECT_TRUE(parsed.has_value()) << lines.back();
    return parsed.value_or(testing::JsonLine{});
  }

  std::vector<std::string> keys(const testing::JsonLine& line) {
    std::vector<std::string> out;
    for (const auto& [k, v] : line.fields) out.push_back(k);
    return out;
  }
};

TEST_F(LoggerTest, WritesOneJsonObjectPerLineInFixedKeyOrder) {
  logger.info("started", {{"port", 9400}, {"path", "/data"}, {"ratio", 0.5}, {"ok", true}});
  const auto line = only_line();
  EXPECT_EQ(keys(line), (std::vector<std::string>{"ts", "level", "logger", "msg", "port", "path", "ratio", "ok"}));
  EXPECT_TRUE(std::regex_match(*line.get("ts"), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
  EXPECT_EQ(*line.get("level"), "info");
  EXPECT_EQ(*line.get("logger"), "test");
  EXPECT_EQ(*line.get("msg"), "started");
  EXPECT_EQ(*line.get("port"), "9400");
  EXPECT_EQ(*line.get("path"), "/data");
  EXPECT_EQ(*line.get("ratio"), "0.5");
  EXPECT_EQ(*line.get("ok"), "true");
  EXPECT_NE(sink->lines()[0].find(",\"port\":9400,"), std::string::npos) << "numbers stay numbers";
  EXPECT_NE(sink->lines()[0].find(",\"ok\":true}\n"), std::string::npos);
}

TEST_F(LoggerTest, WritesNumbersOfEveryType) {
  logger.info("n", {{"neg", -42},
                    {"big", std::numeric_limits<uint64_t>::max()},
                    {"min", std::numeric_limits<int64_t>::min()},
                    {"tiny", 1e-300},
                    {"nan", std::nan("")},
                    {"inf", std::numeric_limits<double>::infinity()},
                    {"ninf", -std::numeric_limits<double>::infinity()}});
  const auto line = only_line();
  EXPECT_EQ(*line.get("neg"), "-42");
  EXPECT_EQ(*line.get("big"), "18446744073709551615");
  EXPECT_EQ(*line.get("min"), "-9223372036854775808");
  EXPECT_EQ(*line.get("tiny"), "1e-300");
  EXPECT_EQ(*line.get("nan"), "NaN");
  EXPECT_EQ(*line.get("inf"), "+Inf");
  EXPECT_EQ(*line.get("ninf"), "-Inf");
  EXPECT_NE(sink->lines()[0].find("\"nan\":\"NaN\""), std::string::npos);
}

TEST_F(LoggerTest, FiltersByLevel) {
  logger.debug("hidden");
  logger.info("shown");
  logger.set_level(Level::error);
  logger.warn("hidden too");
  logger.error("also shown");
  const auto lines = sink->lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(*parse_log_line(lines[0])->get("msg"), "shown");
  EXPECT_EQ(*parse_log_line(lines[1])->get("level"), "error");
  EXPECT_FALSE(logger.enabled(Level::warn));
  EXPECT_TRUE(logger.enabled(Level::error));
}

TEST_F(LoggerTest, ChildSharesSinkAndLevelWithItsOwnName) {
  Logger http = logger.child("http");
  http.info("request");
  EXPECT_EQ(*parse_log_line(sink->lines().at(0))->get("logger"), "http");
  logger.set_level(Level::warn);  // a reload on the root reaches the child
  EXPECT_FALSE(http.enabled(Level::info));
  http.info("dropped");
  EXPECT_EQ(sink->lines().size(), 1u);
}

TEST_F(LoggerTest, InjectionAttemptStaysOnOneLineAndInsideMsg) {
  logger.info("msg\n{\"level\":\"error\"}", {{"user", "bob\r\n{\"ts\":\"x\"}\x1b[31m"}});
  const auto lines = sink->lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].find('\n'), lines[0].size() - 1);
  const auto line = only_line();
  EXPECT_EQ(*line.get("level"), "info");
  EXPECT_EQ(*line.get("msg"), "msg\n{\"level\":\"error\"}");
  EXPECT_EQ(*line.get("user"), "bob\r\n{\"ts\":\"x\"}\x1b[31m");
  EXPECT_EQ(line.fields.size(), 5u);
}

TEST_F(LoggerTest, ReservedKeysInFieldsAreRenamed) {
  logger.info("real", {{"msg", "fake"}, {"level", "error"}, {"ts", 0}, {"logger", "x"}, {"correlation_id", "y"}});
  const auto line = only_line();
  EXPECT_EQ(keys(line), (std::vector<std::string>{"ts", "level", "logger", "msg", "field.msg", "field.level",
                                                  "field.ts", "field.logger", "field.correlation_id"}));
  EXPECT_EQ(*line.get("msg"), "real");
  EXPECT_EQ(*line.get("field.msg"), "fake");
}

TEST_F(LoggerTest, InvalidUtf8BecomesReplacementCharacters) {
  logger.info("bad \xFF\xC0 bytes", {{"k\xED\xA0\x80", "v\xF5"}});
  const auto lines = sink->lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(testing::is_valid_utf8(lines[0]));
  const auto line = only_line();
  EXPECT_EQ(*line.get("msg"), "bad \xEF\xBF\xBD\xEF\xBF\xBD bytes");
}

TEST_F(LoggerTest, AddsCorrelationIdOnlyInsideAScope) {
  logger.info("outside");
  {
    CorrelationScope scope("0af7651916cd43dd8448eb211c80319c");
    logger.info("inside", {{"k", 1}});
  }
  const auto lines = sink->lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(parse_log_line(lines[0])->get("correlation_id"), nullptr);
  const auto inside = *parse_log_line(lines[1]);
  EXPECT_EQ(keys(inside), (std::vector<std::string>{"ts", "level", "logger", "msg", "correlation_id", "k"}));
  EXPECT_EQ(*inside.get("correlation_id"), "0af7651916cd43dd8448eb211c80319c");
}

TEST_F(LoggerTest, RedactsMessageAndFields) {
  logger.info("login with password=hunter2", {{"Authorization", "Bearer abc.def"},
                                              {"note", "token is ghp_abcdefghijklmnopqrstuvwxyz0123456789"},
                                              {"api_key", 12345},
                                              {"tokens_total", 7}});
  const auto line = only_line();
  EXPECT_EQ(*line.get("msg"), "login with password=[REDACTED]");
  EXPECT_EQ(*line.get("Authorization"), "[REDACTED]");
  EXPECT_EQ(*line.get("note"), "token is [REDACTED]");
  EXPECT_EQ(*line.get("api_key"), "[REDACTED]");
  EXPECT_EQ(*line.get("tokens_total"), "7");
}

TEST_F(LoggerTest, NullRedactorAndNullSinkAreAllowed) {
  Logger raw("raw", sink, Level::info, nullptr);
  raw.info("password=hunter2");
  EXPECT_EQ(*parse_log_line(sink->lines().at(0))->get("msg"), "password=hunter2");
  Logger silent("silent", nullptr, Level::debug, nullptr);
  silent.error("nowhere");  // must not crash
}

TEST_F(LoggerTest, ConcurrentLinesAreNeverInterleaved) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < 200; ++i) logger.info("line", {{"thread", t}, {"i", i}});
    });
  }
  for (auto& th : threads) th.join();
  const auto lines = sink->lines();
  ASSERT_EQ(lines.size(), 800u);
  for (const auto& l : lines) EXPECT_TRUE(parse_log_line(l).has_value()) << l;
}

}  // namespace
}  // namespace vigil::log
