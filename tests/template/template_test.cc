#include "template/template.h"

#include <gtest/gtest.h>

namespace vigil::tmpl {
namespace {
TEST(Template, Smoke) {
  auto t = Template::parse("t", "a{{.}}b", {});
  ASSERT_TRUE(t) << t.error().message;
  auto out = t->execute(Value::integer(3));
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, "a3b");
}
}  // namespace
}  // namespace vigil::tmpl
