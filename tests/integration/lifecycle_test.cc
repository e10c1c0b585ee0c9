// Start, readiness, graceful shutdown, and refusal to share a data directory.

#include <gtest/gtest.h>
#include <signal.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <thread>

#include "support/http_client.h"
#include "support/vigil_process.h"

namespace vigil::testing {
namespace {

TEST(Lifecycle, ReadyAndHealthyThenStopsOnSigterm) {
  VigilProcess vigil;
  ASSERT_TRUE(vigil.wait_ready()) << vigil.log();
  auto healthy = http_get(vigil.port(), "/-/healthy");
  ASSERT_TRUE(healthy);
  EXPECT_EQ(healthy->status, 200);
  EXPECT_EQ(healthy->body, "Vigil is Healthy.\n");
  auto head = http_request(vigil.port(), {.method = "HEAD", .target = "/-/ready"});
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());

  EXPECT_EQ(vigil.stop(SIGTERM), 0) << vigil.log();
  EXPECT_NE(vigil.log().find("\"msg\":\"stopped\""), std::string::npos) << vigil.log();
}

TEST(Lifecycle, StopsOnSigint) {
  VigilProcess vigil;
  ASSERT_TRUE(vigil.wait_ready()) << vigil.log();
  EXPECT_EQ(vigil.stop(SIGINT), 0) << vigil.log();
}

TEST(Lifecycle, IdleKeepAliveConnectionDoesNotDelayShutdown) {
  VigilProcess vigil;
  ASSERT_TRUE(vigil.wait_ready()) << vigil.log();
  // A client that connected and sent nothing: shutdown closes it at once
  // instead of waiting for the idle timeout (2 minutes by default).
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket idle(ioc);
  idle.connect({boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(vigil.port())});
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(vigil.stop(SIGTERM, std::chrono::seconds(10)), 0) << vigil.log();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(Lifecycle, InFlightRequestFinishesDuringShutdown) {
  VigilProcess vigil;
  ASSERT_TRUE(vigil.wait_ready()) << vigil.log();
  // Headers sent, body still missing: the request is in flight when SIGTERM
  // arrives; it must still get its answer.
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket s(ioc);
  s.connect({boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(vigil.port())});
  std::string head = "POST /api/v1/status/buildinfo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\n";
  boost::asio::write(s, boost::asio::buffer(head));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  std::thread stopper([&] { EXPECT_EQ(vigil.stop(SIGTERM), 0); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  boost::asio::write(s, boost::asio::buffer(std::string("abcd")));
  std::string response;
  char buf[4096];
  boost::system::error_code ec;
  while (!ec) {
    size_t n = s.read_some(boost::asio::buffer(buf), ec);
    response.append(buf, n);
  }
  stopper.join();
  EXPECT_TRUE(response.starts_with("HTTP/1.1 200 OK")) << response;
  EXPECT_NE(response.find("Connection: close"), std::string::npos) << response;
}

TEST(Lifecycle, SecondServerOnSameDataDirectoryIsRefused) {
  VigilProcess first;
  ASSERT_TRUE(first.wait_ready()) << first.log();
  auto second = run_vigil({"serve", "--listen", "127.0.0.1:" + std::to_string(free_port()), "--data",
                           first.data_dir()},
                          {}, std::chrono::seconds(20));
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_NE(second.err.find("in use by another vigil process"), std::string::npos) << second.err;
}

TEST(Lifecycle, PortInUseIsARuntimeFailure) {
  VigilProcess first;
  ASSERT_TRUE(first.wait_ready()) << first.log();
  TempDir dir;
  auto second = run_vigil({"serve", "--listen", "127.0.0.1:" + std::to_string(first.port()), "--data",
                           (dir.path() / "data").string()},
                          {}, std::chrono::seconds(20));
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_NE(second.err.find("cannot listen on"), std::string::npos) << second.err;
}

}  // namespace
}  // namespace vigil::testing
