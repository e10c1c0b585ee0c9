#include "storage/labels/utf8.h"

#include <gtest/gtest.h>

namespace vigil::storage {
namespace {

TEST(Utf8, AcceptsWellFormed) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("ascii"));
  EXPECT_TRUE(is_valid_utf8("\xc2\x80"));          // U+0080, first two-byte
  EXPECT_TRUE(is_valid_utf8("\xe0\xa0\x80"));      // U+0800, first three-byte
  EXPECT_TRUE(is_valid_utf8("\xed\x9f\xbf"));      // U+D7FF, last before surrogates
  EXPECT_TRUE(is_valid_utf8("\xf0\x90\x80\x80"));  // U+10000, first four-byte
  EXPECT_TRUE(is_valid_utf8("\xf4\x8f\xbf\xbf"));  // U+10FFFF, last code point
}

TEST(Utf8, RejectsIllFormed) {
  EXPECT_FALSE(is_valid_utf8("\x80"));              // lone continuation
  EXPECT_FALSE(is_valid_utf8("\xc1\xbf"));          // overlong two-byte
  EXPECT_FALSE(is_valid_utf8("\xe0\x9f\xbf"));      // overlong three-byte
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));      // surrogate U+D800
  EXPECT_FALSE(is_valid_utf8("\xf0\x8f\xbf\xbf"));  // overlong four-byte
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xf5\x80\x80\x80"));
  EXPECT_FALSE(is_valid_utf8("\xe2\x82"));  // truncated
  EXPECT_FALSE(is_valid_utf8("\xff"));
}

TEST(Utf8, EscapesOnlyInvalidBytes) { EXPECT_EQ(escape_invalid_utf8("a\xffé\xe2\x82"), "a\\xffé\\xe2\\x82"); }

}  // namespace
}  // namespace vigil::storage
