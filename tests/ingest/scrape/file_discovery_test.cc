#include "ingest/scrape/file_discovery.h"

#include <gtest/gtest.h>

#include "support/vigil_process.h"

namespace vigil::ingest::scrape {
namespace {

TEST(FileDiscovery, JsonAndYamlGroupsWithTheirFilePath) {
  testing::TempDir dir;
  const std::string json = dir.write("a.json", R"([
  {"targets": ["10.0.0.1:9100", "10.0.0.2:9100"], "labels": {"env": "prod", "team": "db"}},
  {"targets": ["10.0.0.3:9100"]}
])");
  const std::string yaml = dir.write("b.yml", "- targets: ['h:1']\n  labels:\n    env: dev\n");
  dir.write("ignored.txt", "x");
  const auto files = expand_file_patterns({(dir.path() / "*.json").string(), (dir.path() / "*.yml").string(), json});
  ASSERT_EQ(files, (std::vector<std::string>{json, yaml}));

  auto groups = read_target_file(json);
  ASSERT_TRUE(groups) << groups.error().message;
  ASSERT_EQ(groups->size(), 2u);
  EXPECT_EQ((*groups)[0].targets, (std::vector<std::string>{"10.0.0.1:9100", "10.0.0.2:9100"}));
  EXPECT_EQ((*groups)[0].labels.at("team"), "db");
  EXPECT_EQ((*groups)[0].labels.at("__meta_filepath"), json);
  EXPECT_EQ((*groups)[1].labels.size(), 1u);
  auto more = read_target_file(yaml);
  ASSERT_TRUE(more) << more.error().message;
  EXPECT_EQ((*more)[0].labels.at("env"), "dev");
  EXPECT_EQ((*more)[0].source, yaml);
}

TEST(FileDiscovery, ProblemsNameTheFileAndLine) {
  testing::TempDir dir;
  auto error = [&](const std::string& content) {
    const std::string path = dir.write("t.json", content);
    auto groups = read_target_file(path);
    return groups ? std::string("(read)") : groups.error().message.substr(path.size());
  };
  EXPECT_EQ(error("{\"targets\": []}"), ":1: expected a list of target groups");
  EXPECT_EQ(error("[\n  {\"targets\": [\"a\"], \"labelz\": {}}\n]"), ":2: unknown key \"labelz\"");
  EXPECT_EQ(error("[{\"targets\": [\"a\"], \"labels\": {\"1x\": \"v\"}}]"), ":1: \"1x\" is not a valid label name");
  EXPECT_EQ(error("[{\"targets\": \"a\"}]"), ":1: targets: expected a list");
  EXPECT_EQ(error("[{\"targets\": [\"a\"]"), ":1: end of map flow not found");
  EXPECT_EQ(error(""), "(read)");
  auto missing = read_target_file((dir.path() / "none.json").string());
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("none.json: cannot be read"), std::string::npos);
}

}  // namespace
}  // namespace vigil::ingest::scrape
