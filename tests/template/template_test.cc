// The C++ side of the engine: what the Go-generated cases cannot show
// (host values with methods, records, template sets, limits, error
// positions across lines).

#include "template/template.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "template/alertmanager_functions.h"
#include "template/function_args.h"
#include "template/go_time.h"
#include "template/prometheus_functions.h"

namespace vigil::tmpl {
namespace {

std::string run(std::string_view text, const Value& data, const Functions& functions = {},
                const ExecuteOptions& options = {}) {
  auto t = Template::parse("t", text, functions);
  if (!t) return "PARSE: " + t.error().message;
  auto out = t->execute(data, options);
  return out ? *out : "EXEC: " + out.error().message;
}

// An Alertmanager-like alert: a record with labels and a start time.
Value alert(std::string status, std::string name) {
  return Value::record("*template.Alert", {{"Status", Value::string(std::move(status))},
                                           {"Labels", Value::string_map({{"alertname", name}, {"severity", "page"}})},
                                           {"StartsAt", time_value(TimePoint{1704164645, 0})}});
}

// .Alerts with a Firing method, as Alertmanager's template.Alerts has.
Value alerts(std::vector<Value> items) {
  auto methods = std::make_shared<Methods>();
  (*methods)["Firing"] = [](const Value& self, std::span<const Value> args) -> Result<Value> {
    if (auto bad = expect_count(args, 0); !bad) return std::unexpected(bad.error());
    std::vector<Value> firing;
    for (const Value& a : self.as_list()) {
      if (a.find("Status")->as_string() == "firing") firing.push_back(a);
    }
    return Value::list(std::move(firing));
  };
  (*methods)["Prefixed"] = [](const Value& self, std::span<const Value> args) -> Result<Value> {
    auto prefix = expect_string(args, 0);
    if (!prefix) return std::unexpected(prefix.error());
    return Value::string(*prefix + std::to_string(self.as_list().size()));
  };
  return Value::list(std::move(items)).with_methods(methods);
}

TEST(Template, MethodsOfHostValues) {
  Value data = Value::record(
      "*template.Data", {{"Alerts", alerts({alert("firing", "A"), alert("resolved", "B"), alert("firing", "C")})}});
  EXPECT_EQ(run("{{ len .Alerts.Firing }} firing: {{ range .Alerts.Firing }}{{ .Labels.alertname }} {{ end }}", data),
            "2 firing: A C ");
  EXPECT_EQ(run(R"({{ .Alerts.Prefixed "n=" }}|{{ "m=" | .Alerts.Prefixed }})", data), "n=3|m=3");
  EXPECT_EQ(run("{{ range .Alerts }}{{ .StartsAt.Format \"15:04\" }} {{ .StartsAt.Unix }};{{ end }}", data),
            "03:04 1704164645;03:04 1704164645;03:04 1704164645;");
  EXPECT_EQ(run("{{ .Alerts.Prefixed }}", data),
            "EXEC: template: t:1:10: executing \"t\" at <.Alerts.Prefixed>: wrong number of args for Prefixed: want at "
            "least 1 got 0");
}

TEST(Template, RecordsBehaveAsGoStructs) {
  Value data = alert("firing", "A");
  EXPECT_EQ(run("{{ .Status }}", data), "firing");
  EXPECT_EQ(run("{{ .Nope }}", data),
            "EXEC: template: t:1:3: executing \"t\" at <.Nope>: can't evaluate field Nope in type *template.Alert");
  EXPECT_EQ(run("{{ .Status 1 }}", data),
            "EXEC: template: t:1:3: executing \"t\" at <.Status>: Status has arguments but cannot be invoked as "
            "function");
  EXPECT_EQ(run("{{ range . }}{{ end }}", data),
            "EXEC: template: t:1:9: executing \"t\" at <.>: range can't iterate over &{firing "
            "map[alertname:A severity:page] 2024-01-02 03:04:05 +0000 UTC}");
  // A missing label of a label map is "" under missingkey=zero.
  ExecuteOptions zero;
  zero.missing_key = MissingKey::zero;
  EXPECT_EQ(run("[{{ .Labels.team }}]", data, {}, zero), "[]");
  EXPECT_EQ(run("[{{ .Labels.team }}]", data), "[<no value>]");
}

TEST(Template, PrometheusAlertTemplateWithDefinitions) {
  // The rules module prefixes alert templates with these definitions.
  const std::string defs =
      "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}"
      "{{$value := .Value}}";
  Value data = Value::map({{"Labels", Value::string_map({{"instance", "db-1:9100"}, {"job", "node"}})},
                           {"ExternalLabels", Value::string_map({{"cluster", "eu"}})},
                           {"ExternalURL", Value::string("http://prom:9090")},
                           {"Value", Value::floating(0.8732)}});
  auto functions = prometheus_functions(nullptr, "http://prom:9090");
  ExecuteOptions zero;
  zero.missing_key = MissingKey::zero;
  EXPECT_EQ(run(defs + "{{ $labels.instance | stripPort }} at {{ $value | humanizePercentage }} in "
                       "{{ $externalLabels.cluster }}{{ $labels.missing }}",
                data, functions, zero),
            "db-1 at 87.32% in eu");
  EXPECT_EQ(run(defs + "{{ query \"up\" }}", data, functions, zero),
            "EXEC: template: t:1:115: executing \"t\" at <query \"up\">: error calling query: no query function");
}

TEST(Template, ErrorsNameLineAndColumn) {
  EXPECT_EQ(run("line one\n  {{ .A.B }}\n{{ nope }}", Value::map({})),
            "PARSE: template: t:3: function \"nope\" not defined");
  EXPECT_EQ(run("line one\n  {{ .A.B 1 }}", Value::map({{"A", Value::map({})}})),
            "EXEC: template: t:2:7: executing \"t\" at <.A.B>: B is not a method but has arguments");
  EXPECT_EQ(run("{{ if\n\n .X", Value::map({})), "PARSE: template: t:3: unclosed action started at t:1");
}

TEST(Template, UserFunctionsAndCall) {
  int calls = 0;
  Functions functions;
  functions["count"] = [&calls](std::span<const Value>) -> Result<Value> {
    ++calls;
    return Value::boolean(true);
  };
  functions["fails"] = [](std::span<const Value>) -> Result<Value> {
    return std::unexpected(make_error(ErrorKind::unavailable, "boom"));
  };
  functions["len"] = [](std::span<const Value>) -> Result<Value> { return Value::string("mine"); };
  Value data = Value::map({{"F", Value::function([](std::span<const Value> args) -> Result<Value> {
                              return Value::integer(static_cast<int64_t>(args.size()));
                            })}});
  // and/or stop at the first deciding argument.
  EXPECT_EQ(run("{{ or true count }} {{ and false count }} {{ and true count }}", data, functions), "true false true");
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(run("{{ fails }}", data, functions),
            "EXEC: template: t:1:3: executing \"t\" at <fails>: error calling fails: boom");
  EXPECT_EQ(run("{{ len 1 }} {{ call .F 1 2 }}", data, functions), "mine 2");
  EXPECT_EQ(run("{{ .F }}", data, functions),
            "EXEC: template: t:1:3: executing \"t\" at <.F>: can't print .F of type func(...interface {}) "
            "(interface {}, error)");
}

TEST(Template, LimitsStopHostileTemplates) {
  ExecuteOptions options;
  EXPECT_EQ(run(R"({{ define "loop" }}{{ template "loop" . }}{{ end }}{{ template "loop" 1 }})", Value(), {}, options),
            "EXEC: template: t:1:31: executing \"loop\" at <{{template \"loop\" .}}>: exceeded maximum template "
            "depth (1000)");
  options.max_output_bytes = 100;
  EXPECT_EQ(run(R"({{ range .L }}0123456789{{ end }})", Value::map({{"L", Value::list(std::vector<Value>(20))}}), {},
                options),
            "EXEC: template: t:1:14: executing \"t\" at <0123456789>: template output exceeds 100 bytes");
  options = ExecuteOptions{};
  options.max_steps = 1000;
  // Nested ranges that print nothing still end.
  std::vector<Value> items(100, Value::integer(1));
  auto out = Template::parse("t", "{{ range .L }}{{ range $.L }}{{ end }}{{ end }}", {})
                 ->execute(Value::map({{"L", Value::list(items)}}), options);
  ASSERT_FALSE(out);
  EXPECT_NE(out.error().message.find("exceeded maximum template steps (1000)"), std::string::npos);
  // A string doubled in a loop stops at the output limit.
  options = ExecuteOptions{};
  options.max_output_bytes = 1 << 20;
  auto doubled = Template::parse("t", R"({{ $x := "ab" }}{{ range .L }}{{ $x = printf "%s%s" $x $x }}{{ end }})", {})
                     ->execute(Value::map({{"L", Value::list(items)}}), options);
  ASSERT_FALSE(doubled);
  EXPECT_NE(doubled.error().message.find("error calling printf: result exceeds 1048576 bytes"), std::string::npos);
  // Deep nesting is a parse error, not a stack overflow.
  std::string deep(2000, '(');
  EXPECT_NE(run("{{ " + deep + " }}", Value()).find("max expression depth exceeded"), std::string::npos);
}

TEST(TemplateSet, AlertmanagerStyleFiles) {
  TemplateSet set(alertmanager_functions(), "root");
  ASSERT_TRUE(set.add("default.tmpl", R"(
{{ define "slack.default.title" }}[{{ .Status | toUpper }}] {{ .GroupLabels.alertname }}{{ end }}
{{ define "slack.default.text" }}{{ join ", " .Names }}{{ end }}
)"));
  // A later file replaces a define; an empty body does not.
  ASSERT_TRUE(set.add("custom.tmpl", R"({{ define "slack.default.text" }}custom {{ len .Names }}{{ end }})"));
  Value data = Value::map({{"Status", Value::string("firing")},
                           {"GroupLabels", Value::string_map({{"alertname", "HighLatency"}})},
                           {"Names", Value::list({Value::string("a"), Value::string("b")})}});
  ExecuteOptions zero;
  zero.missing_key = MissingKey::zero;
  EXPECT_TRUE(set.has("slack.default.title"));
  EXPECT_EQ(*set.execute_text(R"({{ template "slack.default.title" . }})", data, zero), "[FIRING] HighLatency");
  EXPECT_EQ(*set.execute("slack.default.text", data), "custom 2");
  // A text's own defines apply to it alone.
  EXPECT_EQ(*set.execute_text(R"({{ define "x" }}X{{ end }}{{ template "x" }})", data), "X");
  EXPECT_FALSE(set.has("x"));
  EXPECT_EQ(set.execute("nope", data).error().message,
            "template: no template \"nope\" associated with template \"root\"");
  EXPECT_EQ(set.execute_text("{{ template \"nope\" }}", data).error().message,
            "template: :1:12: executing \"\" at <{{template \"nope\"}}>: template \"nope\" not defined");
  EXPECT_EQ(set.add("bad.tmpl", "{{ define \"y\" }}{{ humanize 1 }}{{ end }}").error().message,
            "template: bad.tmpl:1: function \"humanize\" not defined");
}

// Alertmanager's template.KV: a label map with SortedPairs, Names, Values
// and Remove methods; its Pairs have a Values method too.
Value kv(const std::map<std::string, std::string, std::less<>>& labels) {
  auto values_of = [](const Value& pairs) {
    std::vector<Value> values;
    for (const Value& pair : pairs.as_list()) values.push_back(*pair.find("Value"));
    return Value::list(std::move(values)).with_type_name("[]string");
  };
  auto pair_methods = std::make_shared<Methods>();
  (*pair_methods)["Values"] = [values_of](const Value& self, std::span<const Value>) -> Result<Value> {
    return values_of(self);
  };
  auto methods = std::make_shared<Methods>();
  (*methods)["SortedPairs"] = [pair_methods](const Value& self, std::span<const Value>) -> Result<Value> {
    std::vector<Value> pairs;
    for (const auto& [name, value] : self.entries()) {
      pairs.push_back(Value::record("template.Pair", {{"Name", Value::string(name)}, {"Value", value}}));
    }
    return Value::list(std::move(pairs)).with_type_name("template.Pairs").with_methods(pair_methods);
  };
  (*methods)["Names"] = [](const Value& self, std::span<const Value>) -> Result<Value> {
    std::vector<Value> names;
    for (const auto& entry : self.entries()) names.push_back(Value::string(entry.first));
    return Value::list(std::move(names)).with_type_name("[]string");
  };
  (*methods)["Values"] = [](const Value& self, std::span<const Value>) -> Result<Value> {
    std::vector<Value> values;
    for (const auto& entry : self.entries()) values.push_back(entry.second);
    return Value::list(std::move(values)).with_type_name("[]string");
  };
  // Weakly: the table holds this method, and a strong pointer would be a cycle.
  (*methods)["Remove"] = [weak = std::weak_ptr<Methods>(methods)](const Value& self,
                                                                 std::span<const Value> args) -> Result<Value> {
    if (auto bad = expect_count(args, 1); !bad) return std::unexpected(bad.error());
    auto drop = expect_list(args, 0, "[]string");
    if (!drop) return std::unexpected(drop.error());
    std::map<std::string, std::string, std::less<>> kept;
    for (const auto& [name, value] : self.entries()) {
      bool removed = std::any_of(drop->begin(), drop->end(), [&](const Value& d) { return d.as_string() == name; });
      if (!removed) kept[name] = value.as_string();
    }
    return Value::string_map(kept).with_type_name("template.KV").with_methods(weak.lock());
  };
  return Value::string_map(labels).with_type_name("template.KV").with_methods(methods);
}

TEST(TemplateSet, AlertmanagerDefaultSubject) {
  TemplateSet set(alertmanager_functions());
  // Alertmanager 0.25's default.tmpl "__subject".
  ASSERT_TRUE(set.add(
      "default.tmpl",
      R"({{ define "__subject" }}[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .GroupLabels.SortedPairs.Values | join " " }} {{ if gt (len .CommonLabels) (len .GroupLabels) }}({{ with .CommonLabels.Remove .GroupLabels.Names }}{{ .Values | join " " }}{{ end }}){{ end }}{{ end }})"));
  Value data = Value::record(
      "*template.Data", {{"Status", Value::string("firing")},
                         {"Alerts", alerts({alert("firing", "A"), alert("resolved", "B")})},
                         {"GroupLabels", kv({{"alertname", "HighLatency"}})},
                         {"CommonLabels", kv({{"alertname", "HighLatency"}, {"job", "api"}, {"severity", "page"}})}});
  ExecuteOptions zero;
  zero.missing_key = MissingKey::zero;
  EXPECT_EQ(*set.execute_text(R"({{ template "__subject" . }})", data, zero), "[FIRING:1] HighLatency (api page)");
  // A method's argument of the wrong type points at it.
  EXPECT_EQ(set.execute_text("{{ .CommonLabels.Remove 1 }}", data, zero).error().message,
            "template: :1:24: executing \"\" at <1>: can't handle 1 for arg of type []string");
}

TEST(Template, DefinedNamesAndMultipleDefinition) {
  auto t = Template::parse("main", R"({{ define "a" }}A{{ end }}{{ block "b" . }}B{{ end }})", {});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->defined_names(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(*t->execute(Value()), "B");
  EXPECT_EQ(Template::parse("a", R"({{ define "a" }}A{{ end }}body)", {}).error().message,
            "template: a:1: template: multiple definition of template \"a\"");
}

TEST(Template, MapsWithInterfaceZero) {
  Value data = Value::map({{"M", Value::map({{"a", Value::integer(1)}})}});
  ExecuteOptions zero;
  zero.missing_key = MissingKey::zero;
  EXPECT_EQ(run("{{ .M.b }}|{{ printf \"%v\" .M.b }}|{{ index .M \"b\" | printf \"%v\" }}", data, {}, zero),
            "<no value>|<nil>|<nil>");
}

}  // namespace
}  // namespace vigil::tmpl
