#include "vigil/log/level.h"

#include <gtest/gtest.h>

namespace vigil::log {
namespace {

TEST(LevelTest, ParsesNamesCaseInsensitively) {
  EXPECT_EQ(parse_level("debug"), Level::debug);
  EXPECT_EQ(parse_level("INFO"), Level::info);
  EXPECT_EQ(parse_level("Warn"), Level::warn);
  EXPECT_EQ(parse_level("warning"), Level::warn);
  EXPECT_EQ(parse_level("ERROR"), Level::error);
}

TEST(LevelTest, RejectsUnknownNames) {
  EXPECT_EQ(parse_level(""), std::nullopt);
  EXPECT_EQ(parse_level("trace"), std::nullopt);
  EXPECT_EQ(parse_level("info "), std::nullopt);
  EXPECT_EQ(parse_level("err"), std::nullopt);
}

TEST(LevelTest, NamesRoundTrip) {
  for (Level level : {Level::debug, Level::info, Level::warn, Level::error}) {
    EXPECT_EQ(parse_level(to_string(level)), level);
  }
}

}  // namespace
}  // namespace vigil::log
