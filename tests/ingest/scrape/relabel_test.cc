#include "ingest/scrape/relabel.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vigil::ingest::scrape {
namespace {

using storage::LabelSet;
using storage::LabelSetBuilder;

LabelSet labels(std::vector<storage::Label> list) { return LabelSet::from(std::move(list)).value(); }

RelabelRule rule(RelabelConfig config) {
  auto compiled = RelabelRule::compile(std::move(config));
  EXPECT_TRUE(compiled) << compiled.error().message;
  return std::move(*compiled);
}

// The label set after the rules, or nullopt when they drop it.
std::optional<LabelSet> run(const LabelSet& input, std::vector<RelabelConfig> configs) {
  std::vector<RelabelRule> rules;
  for (auto& config : configs) rules.push_back(rule(std::move(config)));
  LabelSetBuilder builder(input);
  if (!relabel(rules, builder)) return std::nullopt;
  return builder.labels();
}

const LabelSet kInput = labels({{"a", "foo"}, {"b", "bar"}, {"c", "baz"}});

TEST(Relabel, ReplaceWithGroupsAndTemplatedTarget) {
  RelabelConfig config;
  config.source_labels = {"a"};
  config.regex = "f(.*)";
  config.target_label = "d";
  config.replacement = "ch${1}-ch${1}";
  EXPECT_EQ(run(kInput, {config}), labels({{"a", "foo"}, {"b", "bar"}, {"c", "baz"}, {"d", "choo-choo"}}));

  RelabelConfig templated;
  templated.source_labels = {"a", "b"};
  templated.regex = "(f).*;(.*)";
  templated.target_label = "${1}${2}";
  templated.replacement = "value";
  EXPECT_EQ(run(kInput, {templated}), labels({{"a", "foo"}, {"b", "bar"}, {"c", "baz"}, {"fbar", "value"}}));
}

TEST(Relabel, ReplaceThatDoesNotMatchChangesNothingAndEmptyResultDeletes) {
  RelabelConfig miss;
  miss.source_labels = {"a"};
  miss.regex = "x(.*)";
  miss.target_label = "d";
  EXPECT_EQ(run(kInput, {miss}), kInput);

  RelabelConfig empty;
  empty.source_labels = {"missing"};
  empty.regex = "(.*)";
  empty.target_label = "a";
  EXPECT_EQ(run(kInput, {empty}), labels({{"b", "bar"}, {"c", "baz"}}));

  // The regex is anchored at both ends: "o" does not match "foo".
  RelabelConfig anchored;
  anchored.source_labels = {"a"};
  anchored.regex = "o";
  anchored.target_label = "d";
  anchored.replacement = "x";
  EXPECT_EQ(run(kInput, {anchored}), kInput);
}

TEST(Relabel, ExpansionFollowsGo) {
  RelabelConfig config;
  config.source_labels = {"a"};
  config.regex = "(?P<first>f)(o+)";
  config.target_label = "d";
  // "$1x" names a group "1x" (empty); "$$" is a dollar; "$" before a
  // non-name is kept; named groups by name; a leading zero is not a number.
  config.replacement = "$1x|${1}x|$$|$-|${first}|$first|$2|$01|${9}";
  EXPECT_EQ(run(kInput, {config})->get("d"), "|fx|$|$-|f|f|oo||");
}

TEST(Relabel, KeepDropAndEqualityActions) {
  RelabelConfig keep;
  keep.source_labels = {"a"};
  keep.regex = "f.*";
  keep.action = RelabelAction::keep;
  EXPECT_TRUE(run(kInput, {keep}));
  keep.regex = "b.*";
  EXPECT_FALSE(run(kInput, {keep}));

  RelabelConfig drop;
  drop.source_labels = {"a", "b"};
  drop.regex = "foo;bar";
  drop.action = RelabelAction::drop;
  EXPECT_FALSE(run(kInput, {drop}));

  const LabelSet same = labels({{"a", "x"}, {"b", "x"}});
  RelabelConfig keepequal;
  keepequal.source_labels = {"a"};
  keepequal.target_label = "b";
  keepequal.action = RelabelAction::keepequal;
  EXPECT_TRUE(run(same, {keepequal}));
  EXPECT_FALSE(run(kInput, {keepequal}));
  keepequal.action = RelabelAction::dropequal;
  EXPECT_FALSE(run(same, {keepequal}));
  EXPECT_TRUE(run(kInput, {keepequal}));
}

TEST(Relabel, HashmodAsPrometheus) {
  RelabelConfig config;
  config.source_labels = {"c"};
  config.target_label = "d";
  config.modulus = 1000;
  config.action = RelabelAction::hashmod;
  EXPECT_EQ(run(kInput, {config})->get("d"), "976");  // Prometheus's own test value for "baz"
}

TEST(Relabel, LabelmapLabeldropLabelkeep) {
  const LabelSet input = labels({{"__meta_kubernetes_pod_label_app", "web"}, {"__meta_x", "1"}, {"job", "j"}});
  RelabelConfig map;
  map.regex = "__meta_kubernetes_pod_label_(.+)";
  map.replacement = "k8s_$1";
  map.action = RelabelAction::labelmap;
  EXPECT_EQ(run(input, {map}), labels({{"__meta_kubernetes_pod_label_app", "web"},
                                       {"__meta_x", "1"},
                                       {"job", "j"},
                                       {"k8s_app", "web"}}));
  RelabelConfig drop;
  drop.regex = "__meta_.*";
  drop.action = RelabelAction::labeldrop;
  EXPECT_EQ(run(input, {map, drop}), labels({{"job", "j"}, {"k8s_app", "web"}}));
  RelabelConfig keep;
  keep.regex = "job";
  keep.action = RelabelAction::labelkeep;
  EXPECT_EQ(run(input, {keep}), labels({{"job", "j"}}));
}

TEST(Relabel, LowercaseUppercase) {
  const LabelSet input = labels({{"a", "MiXeD"}});
  RelabelConfig lower;
  lower.source_labels = {"a"};
  lower.target_label = "lower";
  lower.action = RelabelAction::lowercase;
  RelabelConfig upper = lower;
  upper.target_label = "upper";
  upper.action = RelabelAction::uppercase;
  EXPECT_EQ(run(input, {lower, upper}), labels({{"a", "MiXeD"}, {"lower", "mixed"}, {"upper", "MIXED"}}));
}

TEST(Relabel, RulesStopAtTheFirstDrop) {
  RelabelConfig drop;
  drop.source_labels = {"a"};
  drop.regex = "foo";
  drop.action = RelabelAction::drop;
  RelabelConfig set;
  set.source_labels = {"a"};
  set.target_label = "never";
  EXPECT_FALSE(run(kInput, {drop, set}));
}

TEST(Relabel, InvalidCombinationsAreRefusedWithPrometheussMessages) {
  auto error = [](RelabelConfig config) {
    auto compiled = RelabelRule::compile(std::move(config));
    return compiled ? std::string("(compiled)") : compiled.error().message;
  };
  RelabelConfig c;
  c.action = RelabelAction::hashmod;
  c.target_label = "t";
  EXPECT_EQ(error(c), "relabel configuration for hashmod requires non-zero modulus");
  c = {};
  EXPECT_EQ(error(c), "relabel configuration for replace action requires 'target_label' value");
  c.target_label = "1bad";
  EXPECT_EQ(error(c), "\"1bad\" is invalid 'target_label' for replace action");
  c = {};
  c.action = RelabelAction::lowercase;
  c.target_label = "${1}";
  EXPECT_EQ(error(c), "\"${1}\" is invalid 'target_label' for lowercase action");
  c.target_label = "t";
  c.replacement = "x";
  EXPECT_EQ(error(c), "'replacement' can not be set for lowercase action");
  c = {};
  c.action = RelabelAction::labeldrop;
  c.source_labels = {"a"};
  EXPECT_EQ(error(c), "labeldrop action requires only 'regex', and no other fields");
  c = {};
  c.action = RelabelAction::keepequal;
  c.target_label = "t";
  c.regex = "x";
  EXPECT_EQ(error(c), "keepequal action requires only 'source_labels' and 'target_label', and no other fields");
  c = {};
  c.action = RelabelAction::labelmap;
  c.replacement = "bad-name";
  EXPECT_EQ(error(c), "\"bad-name\" is invalid 'replacement' for labelmap action");
  c = {};
  c.target_label = "t";
  c.regex = "(";
  EXPECT_EQ(error(c).substr(0, 19), "invalid regex \"(\": ");
}

TEST(Relabel, ActionNamesAsPrometheusSpellsThem) {
  EXPECT_EQ(parse_relabel_action("labelmap"), RelabelAction::labelmap);
  EXPECT_EQ(parse_relabel_action("HashMod"), RelabelAction::hashmod);
  auto bad = parse_relabel_action("rename");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("unknown relabel action \"rename\""), std::string::npos);
  for (auto action : {RelabelAction::replace, RelabelAction::keepequal, RelabelAction::uppercase}) {
    EXPECT_EQ(parse_relabel_action(to_string(action)), action);
  }
}

}  // namespace
}  // namespace vigil::ingest::scrape
