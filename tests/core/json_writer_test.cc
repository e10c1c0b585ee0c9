#include "core/json_writer.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

TEST(JsonWriter, NestedContainersAndCommas) {
  std::string out;
  JsonWriter(out)
      .begin_object()
      .field("status", "success")
      .key("data")
      .begin_array()
      .number(1)
      .number(-2)
      .boolean(true)
      .null()
      .begin_object()
      .end_object()
      .begin_array()
      .end_array()
      .raw("\"x\"")
      .end_array()
      .end_object();
  EXPECT_EQ(out, R"({"status":"success","data":[1,-2,true,null,{},[],"x"]})");
}

TEST(JsonWriter, EscapesStringsAndKeys) {
  std::string out;
  JsonWriter(out).begin_object().field("k\"ey", "line\nbreak \x01 \xff").end_object();
  EXPECT_EQ(out, "{\"k\\\"ey\":\"line\\nbreak \\u0001 \xEF\xBF\xBD\"}");
}

// Go's encoding/json escapes these, so Prometheus answers `a < b` as "a \u003c b".
TEST(JsonWriter, EscapesHtmlCharactersAsGoDoes) {
  std::string out;
  JsonWriter(out).begin_object().field("<k>", "a < b && c > \"d\"").end_object();
  EXPECT_EQ(out, R"({"\u003ck\u003e":"a \u003c b \u0026\u0026 c \u003e \"d\""})");
}

}  // namespace
}  // namespace vigil
