// Values as the host builds them: truth, length, type names, Go's time.

#include "template/value.h"

#include <gtest/gtest.h>

#include "template/go_format.h"
#include "template/go_time.h"

namespace vigil::tmpl {
namespace {

TEST(Value, TruthAndLengthAsGo) {
  EXPECT_FALSE(Value().truthy());
  EXPECT_FALSE(Value::nil().truthy());
  EXPECT_FALSE(Value::integer(0).truthy());
  EXPECT_FALSE(Value::floating(0.0).truthy());
  EXPECT_FALSE(Value::string("").truthy());
  EXPECT_FALSE(Value::list({}).truthy());
  EXPECT_FALSE(Value::map({}).truthy());
  EXPECT_TRUE(Value::record("T", {}).truthy());  // structs are always true
  EXPECT_TRUE(time_value(TimePoint{}).truthy());
  EXPECT_EQ(Value::string("héllo").length(), 6);  // bytes, as Go's len
  EXPECT_EQ(Value::record("T", {}).length(), -1);
}

TEST(Value, TypeNamesForMessages) {
  EXPECT_EQ(Value::integer(1).type_name(), "int");
  EXPECT_EQ(Value::floating(1).type_name(), "float64");
  EXPECT_EQ(Value::list({}).type_name(), "[]interface {}");
  EXPECT_EQ(Value::map({}).type_name(), "map[string]interface {}");
  EXPECT_EQ(Value::string_map({}).type_name(), "map[string]string");
  EXPECT_EQ(Value::string("x").with_type_name("model.LabelValue").type_name(), "model.LabelValue");
}

TEST(Value, MapsFindKeysAndRecordsFields) {
  Value m = Value::map({{"b", Value::integer(2)}, {"a", Value::integer(1)}});
  EXPECT_EQ(m.entries().front().first, "a");
  ASSERT_NE(m.find("b"), nullptr);
  EXPECT_EQ(m.find("b")->as_int(), 2);
  EXPECT_EQ(m.find("c"), nullptr);
  EXPECT_EQ(m.map_zero().kind(), Value::Kind::nil);
  EXPECT_EQ(Value::string_map({}).map_zero().as_string(), "");
  Value r = Value::record("T", {{"Z", Value::integer(1)}, {"A", Value::integer(2)}});
  EXPECT_EQ(go_sprint_value(r), "{1 2}");  // declaration order
  EXPECT_EQ(r.find("A")->as_int(), 2);
}

TEST(GoTime, StringAndFormat) {
  EXPECT_EQ(format_go_time(TimePoint::go_zero()), "0001-01-01 00:00:00 +0000 UTC");
  EXPECT_EQ(format_go_time(TimePoint::from_unix_nanos(-500'000'000)), "1969-12-31 23:59:59.5 +0000 UTC");
  EXPECT_EQ(format_go_time(TimePoint{951782400, 1}), "2000-02-29 00:00:00.000000001 +0000 UTC");
  EXPECT_EQ(format_go_time(TimePoint{951782400, 0}, "Mon Jan 2 002 2006"), "Tue Feb 29 060 2000");
  EXPECT_EQ(format_go_time(TimePoint{1704164645, 0}, "_2006 __2 3PM"), "_2024   2 3AM");
}

TEST(GoTime, Methods) {
  auto call = [](const Value& t, const char* name) {
    auto result = (*t.method(name))(t, {});
    return result ? go_sprint_value(*result) : result.error().message;
  };
  Value zero = time_value(TimePoint::go_zero());
  EXPECT_EQ(call(zero, "IsZero"), "true");
  EXPECT_EQ(call(zero, "Unix"), "-62135596800");
  Value t = time_value(TimePoint::from_unix_nanos(-1'500'000'000));
  EXPECT_EQ(call(t, "Unix"), "-2");
  EXPECT_EQ(call(t, "UnixMilli"), "-1500");
  EXPECT_EQ(call(t, "UnixNano"), "-1500000000");
  EXPECT_EQ(call(t, "Year"), "1969");
  EXPECT_EQ(call(t, "IsZero"), "false");
}

}  // namespace
}  // namespace vigil::tmpl
