#include "test_data.h"

#include "template/alertmanager_functions.h"
#include "template/go_time.h"
#include "template/prometheus_functions.h"

namespace vigil::tmpl::testing {

Value case_data() {
  auto str = [](const char* s) { return Value::string(s); };
  auto integer = [](int64_t i) { return Value::integer(i); };
  std::map<std::string, Value, std::less<>> data;
  data["Str"] = str("hello");
  data["Int"] = integer(42);
  data["Neg"] = integer(-7);
  data["Float"] = Value::floating(1.5);
  data["Big"] = Value::floating(1e6);
  data["Small"] = Value::floating(0.0001);
  data["Zero"] = integer(0);
  data["True"] = Value::boolean(true);
  data["False"] = Value::boolean(false);
  data["Nil"] = Value::nil();
  data["List"] = Value::list({str("a"), str("b"), str("c")});
  data["Ints"] = Value::list({integer(1), integer(2), integer(3)});
  data["Empty"] = Value::list({});
  data["Mixed"] = Value::list({str("x"), integer(1), Value::floating(2.5), Value::boolean(true), Value::nil()});
  data["Map"] = Value::map({{"b", integer(2)}, {"a", integer(1)}, {"c", integer(3)}});
  data["Labels"] = Value::string_map({{"job", "api"}, {"instance", "host.example.com:9090"}});
  data["EmptyMap"] = Value::map({});
  data["Time"] = time_value(TimePoint{1704164645, 500'000'000});
  data["Nested"] = Value::map({{"Inner", Value::map({{"X", str("deep")}})}});
  data["HTML"] = str("<a href=\"x\">'&'</a>");
  data["Strings"] = Value::list({str("x"), str("y")}).with_type_name("[]string");
  return Value::map(std::move(data));
}

Functions case_functions() {
  auto query = [](std::string_view expr) -> Result<std::vector<QuerySample>> {
    if (expr == "fail") return std::unexpected(make_error(ErrorKind::invalid_argument, "query failed"));
    return std::vector<QuerySample>{
        {{{"__name__", "up"}, {"job", "b"}, {"instance", "h2:9090"}}, 0},
        {{{"__name__", "up"}, {"job", "a"}, {"instance", "h1:9090"}}, 1},
    };
  };
  Functions functions = prometheus_functions(query, "https://prom.example.com/prefix");
  Functions alertmanager = alertmanager_functions();
  functions["join"] = alertmanager["join"];
  functions["stringSlice"] = alertmanager["stringSlice"];
  return functions;
}

}  // namespace vigil::tmpl::testing
