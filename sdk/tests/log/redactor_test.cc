#include "vigil/log/redactor.h"

#include <gtest/gtest.h>

#include <chrono>
#include <regex>

namespace vigil::log {
namespace {

const Redactor kDefault;

std::string redact(std::string_view text) { return kDefault.redact_text(text); }

TEST(RedactorKeyTest, BuiltInSecretKeys) {
  for (std::string_view key : {"password", "passwd", "pwd", "secret", "token", "authorization", "auth", "api_key",
                               "apikey", "access_key", "private_key", "credential", "cookie", "session", "signature",
                               // case, separators and compounds
                               "Authorization", "X-Api-Key", "client_secret", "access_token", "refresh_token",
                               "db.password", "DB_PASSWORD", "accessToken", "Set-Cookie", "session_id", "JSESSIONID",
                               "x-auth-token", "oauth", "aws_secret_access_key", "user password", "credentials"}) {
    EXPECT_TRUE(kDefault.is_secret_key(key)) << key;
  }
}

TEST(RedactorKeyTest, OrdinaryKeysAreNotSecret) {
  for (std::string_view key : {"tokens_total", "author", "key_count", "sessions_active", "authenticated", "user",
                               "path", "monkey", "max_tokens", "level", "msg", "duration_seconds", ""}) {
    EXPECT_FALSE(kDefault.is_secret_key(key)) << key;
  }
}

TEST(RedactorKeyTest, ExtraKeysMatchBySubstringAfterNormalising) {
  const Redactor r({.extra_keys = {"PIN", "x-tenant"}, .extra_patterns = {}});
  EXPECT_TRUE(r.is_secret_key("user_pin"));
  EXPECT_TRUE(r.is_secret_key("X.Tenant.Id"));
  EXPECT_TRUE(r.is_secret_key("password"));  // built-ins still apply
  EXPECT_FALSE(kDefault.is_secret_key("user_pin"));
}

TEST(RedactorTextTest, AuthorizationSchemesKeepTheSchemeOnly) {
  EXPECT_EQ(redact("Authorization: Bearer abc123"), "Authorization: Bearer [REDACTED]");
  EXPECT_EQ(redact("sent bearer abc.def-ghi_jkl~mno+/== to upstream"), "sent bearer [REDACTED] to upstream");
  EXPECT_EQ(redact("BEARER x"), "BEARER [REDACTED]");
  EXPECT_EQ(redact("Basic dXNlcjpwYXNz"), "Basic [REDACTED]");
  EXPECT_EQ(redact("header Basic   YWRtaW46czNjcjN0IQ== end"), "header Basic   [REDACTED] end");
  EXPECT_EQ(redact("authorization=Basic bm90LWJhc2U2NA"), "authorization=Basic [REDACTED]");
}

TEST(RedactorTextTest, AuthorizationWordsInProseSurvive) {
  EXPECT_EQ(redact("Basic usage of the API"), "Basic usage of the API");
  EXPECT_EQ(redact("basic settings"), "basic settings");
  EXPECT_EQ(redact("missing Bearer"), "missing Bearer");
  EXPECT_EQ(redact("Bearers wanted"), "Bearers wanted");
}

TEST(RedactorTextTest, SecretKeyValuePairsLoseTheValue) {
  EXPECT_EQ(redact("password=hunter2"), "password=[REDACTED]");
  EXPECT_EQ(redact("login failed, password: hunter2 (user bob)"), "login failed, password: [REDACTED] (user bob)");
  EXPECT_EQ(redact("db.password = hunter2 next"), "db.password = [REDACTED] next");
  EXPECT_EQ(redact("GET /cb?user=bob&access_token=abc123&x=1"), "GET /cb?user=bob&access_token=[REDACTED]&x=1");
  EXPECT_EQ(redact(R"({"password":"hun ter2","user":"bob"})"), R"({"password":"[REDACTED]","user":"bob"})");
  EXPECT_EQ(redact(R"({"token": "a\"b", "n": 1})"), R"({"token": "[REDACTED]", "n": 1})");
  EXPECT_EQ(redact("client_secret='a b' rest"), "client_secret='[REDACTED]' rest");
  EXPECT_EQ(redact(R"(body "{\"password\":\"hun ter2\",\"user\":\"bob\"}")"),
            R"(body "{\"password\":\"[REDACTED]\",\"user\":\"bob\"}")");
  EXPECT_EQ(redact("--password=hunter2 --verbose"), "--password=[REDACTED] --verbose");
  EXPECT_EQ(redact("X-Api-Key: k1,k2"), "X-Api-Key: [REDACTED],k2");
  EXPECT_EQ(redact("password=\"unterminated"), "password=\"[REDACTED]");
  EXPECT_EQ(redact("password="), "password=");
}

TEST(RedactorTextTest, OrdinaryKeyValuePairsSurvive) {
  for (std::string_view text : {"tokens_total=5", "author=bob", "key_count=3", "user=bob&page=2", "Note: done",
                                "status: 200", "url=https://example.com/x"}) {
    EXPECT_EQ(redact(text), text);
  }
}

TEST(RedactorTextTest, KeyLikeTokensAreMasked) {
  const std::string jwt =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5"
      "MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
  EXPECT_EQ(redact("jwt " + jwt + " ok"), "jwt [REDACTED] ok");
  EXPECT_EQ(redact("unsigned eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0."), "unsigned [REDACTED]");
  EXPECT_EQ(redact("key sk-proj-abc123DEF456ghi789JKL."), "key [REDACTED].");
  EXPECT_EQ(redact("sk_live_4eC39HqLyjWDarjtT1zdp7dc"), "[REDACTED]");
  EXPECT_EQ(redact("pk_live_51H8abcdEFGH1234ijkl"), "[REDACTED]");
  EXPECT_EQ(redact("(ghp_abcdefghijklmnopqrstuvwxyz0123456789)"), "([REDACTED])");
  EXPECT_EQ(redact("gho_16C7e42F292c6912E7710c838347Ae178B4a"), "[REDACTED]");
  EXPECT_EQ(redact("ghs_16C7e42F292c6912E7710c838347Ae178B4a"), "[REDACTED]");
  EXPECT_EQ(redact("github_pat_11ABCDEFG0123456789_abcdefghijklmnop"), "[REDACTED]");
  EXPECT_EQ(redact("slack xoxb-123456789012-1234567890123-AbCdEfGhIjKl done"), "slack [REDACTED] done");
  EXPECT_EQ(redact("xoxp-1234567890-abc"), "[REDACTED]");
  EXPECT_EQ(redact("id AKIAIOSFODNN7EXAMPLE, temp ASIAY34FZKBOKMUTVV7A"), "id [REDACTED], temp [REDACTED]");
}

TEST(RedactorTextTest, PrivateKeyBlocksAreMaskedWhole) {
  EXPECT_EQ(
      redact("key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\nabc\n-----END RSA PRIVATE KEY-----\nafter"),
      "key:\n[REDACTED]\nafter");
  EXPECT_EQ(redact("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADAN (cut off"), "[REDACTED]");
  EXPECT_EQ(redact("-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----"), "[REDACTED]");
  const std::string cert = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
  EXPECT_EQ(redact(cert), cert);
}

TEST(RedactorTextTest, GenericHighEntropyTokensAreMasked) {
  EXPECT_EQ(redact("value AbCdEfGhIjKlMnOpQrStUvWxYz0123456789 end"), "value [REDACTED] end");
  EXPECT_EQ(redact("b64 q+3Fz/9kLm2Np4Rs7Tv0Wx1Yz5Ab8Cd6Ef==!"), "b64 [REDACTED]!");
  EXPECT_EQ(redact("/api/keys/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/rotate"), "/api/keys/[REDACTED]/rotate");
  EXPECT_EQ(redact("/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789=="), "/[REDACTED]");
  EXPECT_EQ(redact("POST /login/password=hunter2"), "POST /login/password=[REDACTED]");
}

TEST(RedactorTextTest, OrdinaryValuesSurvive) {
  for (std::string_view text : {
           "request 550e8400-e29b-41d4-a716-446655440000 done",  // UUID
           "request 550E8400-E29B-41D4-A716-446655440000 done",  // uppercase UUID
           "correlation_id 0af7651916cd43dd8448eb211c80319c",    // our ids
           "trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7",
           "sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
           "/var/lib/vigil/data/01HQZX3K5M7N8P9QRSTVWXYZ12/chunks/000001",
           "./Data/Blocks/Compaction2024/LevelOne/Segment7/ChunksIndex",
           "GET https://example.com/api/v1/query_range?query=up&start=1700000000&step=15s",
           "values 1234567890123456789012345678901234567890 and -1.5e+06",
           "vigil_http_request_duration_seconds_bucket{le=\"0.25\"} 42",
           "took 1.234s for 128KiB",
           "sk-learn-preprocessing-pipeline",
           "ReadTimeoutExceededWhileWaitingForHeaders2",  // an identifier made of words
           "Linux-x86_64-gnu-Release-build-20240101",
       }) {
    EXPECT_EQ(redact(text), text);
  }
}

TEST(RedactorTextTest, UrlUserinfoLosesThePassword) {
  EXPECT_EQ(redact("https://user:pa55@host:8080/x"), "https://user:[REDACTED]@host:8080/x");
  EXPECT_EQ(redact("dsn postgres://admin:s3cr3t@db/prod?sslmode=disable"),
            "dsn postgres://admin:[REDACTED]@db/prod?sslmode=disable");
  EXPECT_EQ(redact("https://a:p@ss@host"), "https://a:[REDACTED]@host");
  EXPECT_EQ(redact("https://user@host/x"), "https://user@host/x");
  EXPECT_EQ(redact("https://ghp_abcdefghijklmnopqrstuvwxyz0123456789:x-oauth-basic@github.com/o/r"),
            "https://[REDACTED]:[REDACTED]@github.com/o/r");
  EXPECT_EQ(redact("see https://example.com/a@b"), "see https://example.com/a@b");
}

TEST(RedactorTextTest, ExtraPatternsMaskEveryMatch) {
  const Redactor r({.extra_keys = {}, .extra_patterns = {"customer-[0-9]+", "x*"}});
  EXPECT_EQ(r.redact_text("customer-123 and customer-4 password=p"), "[REDACTED] and [REDACTED] password=[REDACTED]");
  EXPECT_EQ(r.redact_text("abc"), "abc") << "empty matches are ignored";
  EXPECT_THROW(Redactor({.extra_keys = {}, .extra_patterns = {"("}}), std::regex_error);
}

TEST(RedactorTextTest, RedactionIsIdempotent) {
  for (std::string_view text : {"password=hunter2", "Authorization: Bearer abc", "https://u:p@h/",
                                "x AKIAIOSFODNN7EXAMPLE", R"({"token":"t"})", "Basic dXNlcjpwYXNz"}) {
    const std::string once = redact(text);
    EXPECT_EQ(redact(once), once) << text;
  }
}

TEST(RedactorTextTest, PathologicalInputTakesLinearTime) {
  const auto start = std::chrono::steady_clock::now();
  for (std::string_view unit : {"sk-", "a.", "a-", "eyJ-", "x://", "-----BEGIN ", "\"a", "basic ", "/a"}) {
    std::string text;
    while (text.size() < 200'000) text += unit;
    const std::string out = redact(text);
    EXPECT_FALSE(out.empty());
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(RedactorFieldTest, SecretKeysMaskAnyValueAndOtherStringsAreScanned) {
  Field secret("api_key", 12345);
  kDefault.redact(secret);
  EXPECT_EQ(std::get<std::string>(secret.value), "[REDACTED]");

  Field text("note", "password=hunter2");
  kDefault.redact(text);
  EXPECT_EQ(std::get<std::string>(text.value), "password=[REDACTED]");

  Field number("tokens_total", 7);
  kDefault.redact(number);
  EXPECT_EQ(std::get<int64_t>(number.value), 7);
}

}  // namespace
}  // namespace vigil::log
