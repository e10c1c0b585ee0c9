// Errors about the file as a whole and its keys: syntax, unknown and
// duplicate keys, shapes, hostile input.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "config/loader.h"
#include "config/temp_config_file.h"

namespace vigil::config {
namespace {

using test_support::errors_of;
using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(FileErrors, MissingFileNamesThePathAndTheReason) {
  LoadOptions options;
  options.file = (std::filesystem::temp_directory_path() / "vigil-config-test-does-not-exist.yml").string();
  auto config = load(options);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().kind, ErrorKind::invalid_config);
  EXPECT_EQ(config.error().message, *options.file + ": cannot read configuration file: No such file or directory");
}

TEST(FileErrors, DirectoryIsNotAFile) {
  LoadOptions options;
  options.file = std::filesystem::temp_directory_path().string();
  auto config = load(options);
  ASSERT_FALSE(config);
  EXPECT_THAT(config.error().message, HasSubstr("cannot read configuration file: Is a directory"));
}

TEST(FileErrors, SyntaxErrorHasLineAndColumn) {
  EXPECT_EQ(errors_of("server:\n  listen: [1, 2\n  threads: 3\n"),
            "config.yml:3:10: YAML syntax error: end of sequence flow not found");
  EXPECT_THAT(errors_of("server:\n\tlisten: x\n"), StartsWith("config.yml:2:"));
}

TEST(FileErrors, MoreThanOneDocument) {
  EXPECT_EQ(errors_of("server: {}\n---\nstorage: {}\n"), "config.yml:2:1: expected one YAML document, found more");
  EXPECT_EQ(errors_of("---\nserver: {}\n...\n"), "");
}

// yaml-cpp 0.7 reads a stray ',' as an endless run of empty documents.
TEST(FileErrors, StrayCommaIsASyntaxErrorNotAHang) {
  EXPECT_EQ(errors_of(","), "config.yml:1:1: YAML syntax error: unexpected \",\"");
  EXPECT_EQ(errors_of("server: {}\n---\n,"), "config.yml:2:1: expected one YAML document, found more");
}

TEST(FileErrors, TopLevelMustBeAMap) {
  EXPECT_EQ(errors_of("- server\n"),
            "config.yml:1: expected a map of sections (server, storage, ...) at the top level, got a list");
}

TEST(FileErrors, UnknownKeyWithLineAndSuggestion) {
  EXPECT_EQ(errors_of("# comment\nserver:\n  gzip: true\n  lisen: 127.0.0.1:1\n"),
            "config.yml:4: server.lisen: unknown key (did you mean \"listen\"?)");
  EXPECT_EQ(errors_of("sever:\n  gzip: true\n"), "config.yml:1: sever: unknown key (did you mean \"server\"?)");
  EXPECT_EQ(errors_of("server:\n  tls:\n    cert_fiel: x\n"),
            "config.yml:3: server.tls.cert_fiel: unknown key (did you mean \"cert_file\"?)");
}

TEST(FileErrors, UnknownKeyWithoutCloseMatch) {
  EXPECT_EQ(errors_of("storage:\n  completely_different: 1\n"),
            "config.yml:2: storage.completely_different: unknown key (known keys: path, retention, wal, out_of_order_window, block_duration, limits)");
  EXPECT_THAT(errors_of("completely_different: 1\n"),
              HasSubstr("unknown key (known keys: server, storage, query, scrape_configs, rule_files, rules, alerting, otlp, "
                        "slos, anomaly, health, profile)"));
}

TEST(FileErrors, DuplicateKey) {
  EXPECT_EQ(errors_of("server:\n  listen: 127.0.0.1:1\n  gzip: true\n  listen: 127.0.0.1:2\n"),
            "config.yml:4: server.listen: duplicate key (first at line 2)");
  EXPECT_EQ(errors_of("server: {}\nserver: {}\n"), "config.yml:2: server: duplicate key (first at line 1)");
}

TEST(FileErrors, DuplicateKeyInsideSectionsKeptAsYaml) {
  EXPECT_EQ(errors_of("scrape_configs:\n  - job_name: a\n    job_name: b\n"),
            "config.yml:3: scrape_configs[0].job_name: duplicate key (first at line 2)");
}

TEST(FileErrors, SectionMustBeAMap) {
  EXPECT_EQ(errors_of("server: 5\n"), "config.yml:1: server: expected a map, got \"5\"");
  EXPECT_EQ(errors_of("server:\n  tls: [a]\n"), "config.yml:2: server.tls: expected a map, got a list");
}

TEST(FileErrors, SectionsKeptAsYamlHaveAShape) {
  EXPECT_EQ(errors_of("scrape_configs:\n  job_name: x\n"), "config.yml:2: scrape_configs: expected a list, got a map");
  EXPECT_EQ(errors_of("slos: 3\n"), "config.yml:1: slos: expected a list, got \"3\"");
  EXPECT_EQ(errors_of("anomaly: [1]\n"), "config.yml:1: anomaly: expected a map, got a list");
  EXPECT_EQ(errors_of("health: on\n"), "config.yml:1: health: expected a map, got \"on\"");
}

TEST(FileErrors, KeyMustBeAName) {
  EXPECT_EQ(errors_of("server:\n  ? [a, b]\n  : 1\n"), "config.yml:2: server: expected a key name, got a list");
}

TEST(FileErrors, SeveralErrorsReportedTogetherInFileOrder) {
  EXPECT_EQ(errors_of("server:\n"
                      "  threads: many\n"
                      "  read_timeout: soon\n"
                      "  log:\n"
                      "    level: loud\n"
                      "    level: info\n"
                      "storage:\n"
                      "  pth: /data\n"),
            "config.yml:2: server.threads: expected an integer, got \"many\"\n"
            "config.yml:3: server.read_timeout: invalid duration \"soon\": expected a number like 30s, 5m or 1h30m\n"
            "config.yml:5: server.log.level: expected one of debug, info, warn, error, got \"loud\"\n"
            "config.yml:6: server.log.level: duplicate key (first at line 5)\n"
            "config.yml:8: storage.pth: unknown key (did you mean \"path\"?)");
}

TEST(FileErrors, ControlCharactersInKeysAreQuoted) {
  EXPECT_EQ(errors_of("server:\n  \"a\\nconfig.yml:1: b\": 1\n"),
            "config.yml:2: server.\"a\\x0aconfig.yml:1: b\": unknown key (known keys: listen, threads, read_timeout, "
            "write_timeout, idle_timeout, shutdown_timeout, gzip, admin_api, auth, tls, limits, log)");
}

TEST(FileErrors, DeepNestingIsAnErrorNotACrash) {
  const std::string deep = "scrape_configs: " + std::string(5000, '[') + std::string(5000, ']') + "\n";
  EXPECT_THAT(errors_of(deep), HasSubstr("YAML syntax error: nested too deeply"));
}

TEST(FileErrors, AliasBombIsCutShort) {
  // Ten levels of ten aliases each: 10^10 nodes once expanded.
  std::string yaml = "anomaly:\n  l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int level = 1; level < 10; ++level) {
    const std::string prev = "*l" + std::to_string(level - 1);
    yaml += "  l" + std::to_string(level) + ": &l" + std::to_string(level) + " [";
    for (int i = 0; i < 10; ++i) yaml += (i ? ", " : "") + prev;
    yaml += "]\n";
  }
  EXPECT_THAT(errors_of(yaml), HasSubstr("nodes through aliases; not checked further"));
}

TEST(FileErrors, GarbageIsAnError) {
  const std::string garbage("\x01\x02\xff\xfe: [\x00}", 8);
  EXPECT_NE(errors_of(garbage), "");
}

}  // namespace
}  // namespace vigil::config
