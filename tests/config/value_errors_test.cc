// Errors about single values: types, ranges, formats, and checks that
// involve several keys.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/full_config.h"
#include "config/loader.h"
#include "config/temp_config_file.h"

namespace vigil::config {
namespace {

using test_support::errors_of;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(ValueErrors, BadDurationWithLine) {
  EXPECT_EQ(
      errors_of("server:\n  gzip: true\n  read_timeout: 30x\n"),
      "config.yml:3: server.read_timeout: invalid duration \"30x\": unknown unit \"x\" (use ms, s, m, h, d, w or y)");
  EXPECT_EQ(errors_of("server:\n  read_timeout:\n    30s\n"),
            "");  // a value on the next line is still a value
}

TEST(ValueErrors, TimeoutsMustBePositiveButRetentionMayBeZero) {
  EXPECT_EQ(errors_of("server:\n  idle_timeout: 0\n"), "config.yml:2: server.idle_timeout: must be greater than 0s");
  EXPECT_EQ(errors_of("server:\n  shutdown_timeout: 0s\n"),
            "config.yml:2: server.shutdown_timeout: must be greater than 0s");
  EXPECT_EQ(errors_of("storage:\n  retention:\n    time: 0\n"), "");
}

TEST(ValueErrors, BadListenAddress) {
  EXPECT_EQ(errors_of("server:\n  listen: 127.0.0.1:70000\n"),
            "config.yml:2: server.listen: the port must be a number from 0 to 65535, got \"127.0.0.1:70000\"");
  EXPECT_THAT(errors_of("server:\n  listen: 127.0.0.1\n"), HasSubstr("server.listen: expected host:port"));
  EXPECT_THAT(errors_of("server:\n  listen: :9400\n"), HasSubstr("server.listen: the host is empty"));
  EXPECT_THAT(errors_of("server:\n  listen: \"::1:9400\"\n"), HasSubstr("must be written in brackets"));
  EXPECT_THAT(errors_of("server:\n  listen: \"[::1]9400\"\n"), HasSubstr("expected [ipv6]:port"));
  EXPECT_THAT(errors_of("otlp:\n  grpc_listen: host:-1\n"), HasSubstr("otlp.grpc_listen: the port must be"));
  EXPECT_THAT(errors_of("otlp:\n  http_listen: \"host:\"\n"), HasSubstr("otlp.http_listen: the port must be"));
}

TEST(ValueErrors, BadEnum) {
  EXPECT_EQ(errors_of("server:\n  log:\n    level: verbose\n"),
            "config.yml:3: server.log.level: expected one of debug, info, warn, error, got \"verbose\"");
  EXPECT_EQ(errors_of("server:\n  tls:\n    min_version: TLS11\n"),
            "config.yml:3: server.tls.min_version: expected one of TLS12, TLS13, got \"TLS11\"");
}

TEST(ValueErrors, WrongType) {
  EXPECT_EQ(errors_of("server:\n  threads: abc\n"), "config.yml:2: server.threads: expected an integer, got \"abc\"");
  EXPECT_EQ(errors_of("server:\n  threads: -1\n"), "config.yml:2: server.threads: expected an integer, got \"-1\"");
  EXPECT_EQ(errors_of("server:\n  threads: [1]\n"), "config.yml:2: server.threads: expected an integer, got a list");
  EXPECT_EQ(errors_of("server:\n  gzip: yes\n"), "config.yml:2: server.gzip: expected true or false, got \"yes\"");
  EXPECT_EQ(errors_of("server:\n  read_timeout: {a: 1}\n"),
            "config.yml:2: server.read_timeout: expected a duration, got a map");
  EXPECT_EQ(errors_of("rule_files: rules.yml\n"),
            "config.yml:1: rule_files: expected a list of strings, got \"rules.yml\"");
  EXPECT_EQ(errors_of("rule_files:\n  - a.yml\n  - [b.yml]\n"),
            "config.yml:3: rule_files[1]: expected a string, got a list");
  EXPECT_EQ(errors_of("server:\n  auth:\n    basic_auth_users: [alice]\n"),
            "config.yml:3: server.auth.basic_auth_users: expected a map of strings, got a list");
}

TEST(ValueErrors, IntegerRanges) {
  EXPECT_EQ(errors_of("server:\n  threads: 5000\n"),
            "config.yml:2: server.threads: must be between 0 and 1024, got 5000");
  EXPECT_EQ(errors_of("server:\n  threads: 99999999999999999999999\n"),
            "config.yml:2: server.threads: integer out of range, got \"99999999999999999999999\"");
  EXPECT_EQ(errors_of("server:\n  limits:\n    max_connections: 0\n"),
            "config.yml:3: server.limits.max_connections: must be at least 1, got 0");
  EXPECT_EQ(errors_of("server:\n  limits:\n    max_connections: 4294967296\n"),
            "config.yml:3: server.limits.max_connections: must be at most 4294967295");
}

TEST(ValueErrors, ByteSizeRanges) {
  EXPECT_EQ(errors_of("server:\n  limits:\n    max_request_body_bytes: 512\n"),
            "config.yml:3: server.limits.max_request_body_bytes: must be at least 1KiB, got 512B");
  EXPECT_EQ(errors_of("server:\n  limits:\n    max_header_bytes: 2MB\n"),
            "config.yml:3: server.limits.max_header_bytes: must be between 1KiB and 1MiB, got 2MiB");
  EXPECT_EQ(errors_of("storage:\n  retention:\n    size: 10 GB\n"),
            "config.yml:3: storage.retention.size: invalid byte size \"10 GB\": unknown unit \" GB\" (use B, KB, MB, "
            "GB, TB, PB or EB)");
}

TEST(ValueErrors, StoragePathMustNotBeEmpty) {
  EXPECT_EQ(errors_of("storage:\n  path: \"\"\n"), "config.yml:2: storage.path: must not be empty");
}

TEST(ValueErrors, BasicAuthNeedsBcryptAndDoesNotEchoTheValue) {
  const std::string message = errors_of("server:\n  auth:\n    basic_auth_users:\n      alice: hunter2\n");
  EXPECT_THAT(message, HasSubstr("config.yml:4: server.auth.basic_auth_users.alice: expected a bcrypt hash"));
  EXPECT_THAT(message, HasSubstr("$2a$, $2b$ or $2y$"));
  EXPECT_THAT(message, Not(HasSubstr("hunter2")));
  EXPECT_THAT(errors_of("server:\n  auth:\n    basic_auth_users:\n      \"a:b\": \"" +
                        std::string(test_support::kBcryptHash) + "\"\n"),
              HasSubstr("must not contain ':'"));
  EXPECT_THAT(errors_of("server:\n  auth:\n    basic_auth_users:\n      alice:\n"),
              HasSubstr("config.yml:4: server.auth.basic_auth_users.alice: expected a string, got nothing"));
}

TEST(ValueErrors, BearerTokens) {
  EXPECT_EQ(errors_of("server:\n  auth:\n    bearer_tokens: [\"\"]\n"),
            "config.yml:3: server.auth.bearer_tokens[0]: must not be empty");
  EXPECT_THAT(errors_of("server:\n  auth:\n    bearer_tokens: [ok, \"<secret>\"]\n"),
              HasSubstr("config.yml:3: server.auth.bearer_tokens[1]: is the placeholder"));
}

TEST(ValueErrors, RedactPatternMustCompile) {
  EXPECT_THAT(errors_of("server:\n  log:\n    redact_patterns:\n      - ok.*\n      - \"[a-\"\n"),
              HasSubstr("config.yml:5: server.log.redact_patterns[1]: invalid regular expression \"[a-\": "));
  EXPECT_THAT(errors_of("server:\n  log:\n    redact_patterns: [\"" + std::string(2000, '(') + "\"]\n"),
              HasSubstr("regular expression longer than 1024 characters"));
  EXPECT_THAT(errors_of("server:\n  log:\n    redact_patterns: [\"" + std::string(1000, '(') + "\"]\n"),
              HasSubstr("invalid regular expression"));
}

TEST(ValueErrors, UnauthenticatedPathsAreUrlPaths) {
  EXPECT_EQ(errors_of("server:\n  auth:\n    unauthenticated_paths: [healthy]\n"),
            "config.yml:3: server.auth.unauthenticated_paths[0]: expected a path starting with /, got \"healthy\"");
}

TEST(ValueErrors, TlsCertificateAndKeyGoTogether) {
  EXPECT_EQ(errors_of("server:\n  tls:\n    cert_file: a.crt\n"),
            "config.yml:3: server.tls.cert_file: set without server.tls.key_file; set both or neither");
  EXPECT_EQ(errors_of("server:\n  tls:\n    key_file: a.key\n"),
            "config.yml:3: server.tls.key_file: set without server.tls.cert_file; set both or neither");
  EXPECT_EQ(errors_of("server:\n  tls:\n    client_ca_file: ca.crt\n"),
            "config.yml:3: server.tls.client_ca_file: requires server.tls.cert_file: client certificates are only "
            "asked for over TLS");
  EXPECT_EQ(errors_of("server:\n  tls:\n    cert_file: a.crt\n    key_file: a.key\n    client_ca_file: ca.crt\n"), "");
}

TEST(ValueErrors, TlsKeyFromTheEnvironmentCompletesTheFile) {
  LoadOptions options;
  options.env = {{"VIGIL_SERVER_TLS_KEY_FILE", "a.key"}};
  EXPECT_EQ(errors_of("server:\n  tls:\n    cert_file: a.crt\n", options), "");
  options.env = {{"VIGIL_SERVER_TLS_CERT_FILE", ""}};
  EXPECT_EQ(errors_of("server:\n  tls:\n    cert_file: a.crt\n    key_file: a.key\n", options),
            "config.yml:4: server.tls.key_file: set without server.tls.cert_file; set both or neither");
}

}  // namespace
}  // namespace vigil::config
