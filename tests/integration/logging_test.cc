// The server's log: JSON lines with correlation ids taken from or echoed to clients.

#include <gtest/gtest.h>
#include <signal.h>

#include <sstream>

#include "support/http_client.h"
#include "support/vigil_process.h"

namespace vigil::testing {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(ServerLog, EveryLineIsAJsonObjectAndRequestsCarryCorrelationIds) {
  VigilProcess vigil({"--profile", "development"});  // development logs each request at debug
  ASSERT_TRUE(vigil.wait_ready()) << vigil.log();

  auto given = http_get(vigil.port(), "/-/healthy", {{"X-Request-ID", "req-42"}});
  ASSERT_TRUE(given);
  EXPECT_EQ(given->header("x-request-id"), "req-42");

  auto traced = http_get(vigil.port(), "/-/healthy",
                         {{"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}});
  ASSERT_TRUE(traced);
  EXPECT_EQ(traced->header("x-request-id"), "4bf92f3577b34da6a3ce929d0e0e4736");

  auto generated = http_get(vigil.port(), "/-/healthy");
  ASSERT_TRUE(generated);
  EXPECT_EQ(generated->header("x-request-id").size(), 32u);

  // An id with a newline or quote is not trusted: a fresh one is made instead.
  auto hostile = http_get(vigil.port(), "/-/healthy", {{"X-Request-ID", "a\"b"}});
  ASSERT_TRUE(hostile);
  EXPECT_NE(hostile->header("x-request-id"), "a\"b");

  // A path crafted to forge a log line stays inside its JSON string.
  auto forged = http_get(vigil.port(), "/x%0A%7B%22level%22:%22error%22%7D");
  ASSERT_TRUE(forged);

  ASSERT_EQ(vigil.stop(SIGTERM), 0);
  bool saw_request = false;
  for (const auto& line : lines_of(vigil.log())) {
    ASSERT_TRUE(line.starts_with("{\"ts\":\"") && line.ends_with("}")) << line;
    EXPECT_NE(line.find("\"level\":\""), std::string::npos) << line;
    EXPECT_NE(line.find("\"msg\":\""), std::string::npos) << line;
    if (line.find("\"correlation_id\":\"req-42\"") != std::string::npos) {
      saw_request = true;
      EXPECT_NE(line.find("\"path\":\"/-/healthy\""), std::string::npos) << line;
    }
    EXPECT_FALSE(line.starts_with("{\"level\":\"error\"")) << "forged line: " << line;
  }
  EXPECT_TRUE(saw_request) << vigil.log();
}

}  // namespace
}  // namespace vigil::testing
