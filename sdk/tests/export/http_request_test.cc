#include "export/http_request.h"

#include <gtest/gtest.h>

namespace vigil::exporter {
namespace {

TEST(ParseRequestHead, WaitsForTheBlankLine) {
  EXPECT_EQ(parse_request_head("GET /metrics HTTP/1.1\r\nAccept: x\r\n", 8192).status, HeadStatus::incomplete);
}

TEST(ParseRequestHead, ReadsMethodPathAcceptAndSize) {
  std::string_view text = "GET /metrics?a=b HTTP/1.1\r\nACCEPT: text/plain\r\naccept:  application/json \r\n\r\nGET";
  ParsedHead head = parse_request_head(text, 8192);
  ASSERT_EQ(head.status, HeadStatus::complete);
  EXPECT_EQ(head.request.method, "GET");
  EXPECT_EQ(head.request.path, "/metrics");
  EXPECT_EQ(head.request.accept, "text/plain,application/json");
  EXPECT_TRUE(head.request.keep_alive);
  EXPECT_FALSE(head.request.has_body);
  EXPECT_EQ(head.size, text.size() - 3);
}

TEST(ParseRequestHead, KeepAliveFollowsVersionAndConnection) {
  EXPECT_FALSE(parse_request_head("GET / HTTP/1.1\r\nConnection: keep-alive, Close\r\n\r\n", 8192).request.keep_alive);
  EXPECT_FALSE(parse_request_head("GET / HTTP/1.0\r\n\r\n", 8192).request.keep_alive);
  EXPECT_TRUE(parse_request_head("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", 8192).request.keep_alive);
}

TEST(ParseRequestHead, NoticesABody) {
  EXPECT_FALSE(parse_request_head("GET / HTTP/1.1\r\nContent-Length: 00\r\n\r\n", 8192).request.has_body);
  EXPECT_TRUE(parse_request_head("POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\n", 8192).request.has_body);
  EXPECT_TRUE(parse_request_head("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 8192).request.has_body);
}

TEST(ParseRequestHead, RejectsMalformedHeads) {
  for (std::string_view text :
       {"GET /\r\n\r\n", "GET / HTTP/2.0\r\n\r\n", "GET  / HTTP/1.1\r\n\r\n", "G(T / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nno colon\r\n\r\n", "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n",
        "GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"}) {
    EXPECT_EQ(parse_request_head(text, 8192).status, HeadStatus::malformed) << text;
  }
}

TEST(ParseRequestHead, BoundsTheHeadSize) {
  std::string big = "GET / HTTP/1.1\r\nX: " + std::string(100, 'a');
  EXPECT_EQ(parse_request_head(big, 64).status, HeadStatus::too_large);
  EXPECT_EQ(parse_request_head(big + "\r\n\r\n", 64).status, HeadStatus::too_large);
  EXPECT_EQ(parse_request_head(big + "\r\n\r\n", 8192).status, HeadStatus::complete);
}

}  // namespace
}  // namespace vigil::exporter
