#include "storage/data_dir.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/vigil_process.h"

namespace vigil::storage {
namespace {

TEST(DataDir, CreatesDirectoryAndHoldsLock) {
  vigil::testing::TempDir tmp;
  std::string path = (tmp.path() / "a" / "b").string();
  auto dir = DataDir::open(path);
  ASSERT_TRUE(dir) << dir.error().message;
  EXPECT_TRUE(std::filesystem::is_directory(path));
  std::ifstream lock(path + "/lock");
  std::string pid;
  std::getline(lock, pid);
  EXPECT_EQ(pid, std::to_string(::getpid()));

  // flock is per open file description, so a second open in the same process conflicts too.
  auto second = DataDir::open(path);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().kind, ErrorKind::unavailable);
  EXPECT_NE(second.error().message.find("in use by another vigil process (pid " + pid + ")"), std::string::npos)
      << second.error().message;
}

TEST(DataDir, LockIsReleasedOnDestruction) {
  vigil::testing::TempDir tmp;
  std::string path = (tmp.path() / "data").string();
  { auto first = DataDir::open(path); ASSERT_TRUE(first); }
  auto again = DataDir::open(path);
  EXPECT_TRUE(again) << again.error().message;
}

TEST(DataDir, PathThatIsAFileIsAnError) {
  vigil::testing::TempDir tmp;
  std::string file = tmp.write("file", "x");
  auto dir = DataDir::open(file);
  ASSERT_FALSE(dir);
  EXPECT_EQ(dir.error().kind, ErrorKind::io);
  EXPECT_NE(dir.error().message.find(file), std::string::npos);
}

}  // namespace
}  // namespace vigil::storage
