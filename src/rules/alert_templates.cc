#include "rules/alert_templates.h"

#include "template/prometheus_functions.h"
#include "template/template.h"

namespace vigil::rules {
namespace {

// What Prometheus puts before every alert template.
constexpr std::string_view kDefinitions =
    "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}";

// The evaluation a template's `query` and `externalURL` belong to. Parsed
// templates keep their functions, so the functions read the expansion in
// progress on their thread rather than being built per alert.
struct Expansion {
  const EvaluationContext* context = nullptr;
  int64_t time_ms = 0;
};
thread_local const Expansion* current_expansion = nullptr;

Result<std::vector<tmpl::QuerySample>> query(std::string_view expr) {
  const Expansion* expansion = current_expansion;
  if (expansion == nullptr) return std::unexpected(make_error(ErrorKind::internal, "query outside an expansion"));
  auto vector = query_vector(*expansion->context, std::string(expr), expansion->time_ms);
  if (!vector) return std::unexpected(vector.error());
  std::vector<tmpl::QuerySample> samples;
  samples.reserve(vector->size());
  for (const auto& sample : *vector) {
    tmpl::QuerySample out;
    for (const auto& label : sample.labels) out.labels.emplace(label.name, label.value);
    out.value = sample.v;
    samples.push_back(std::move(out));
  }
  return samples;
}

// One set shared by every rule's templates; externalURL is answered from
// the context too.
const std::shared_ptr<const tmpl::Functions>& functions() {
  static const std::shared_ptr<const tmpl::Functions> all = [] {
    tmpl::Functions f = tmpl::prometheus_functions(query, "");
    f["externalURL"] = [](std::span<const tmpl::Value>) -> Result<tmpl::Value> {
      const Expansion* expansion = current_expansion;
      return tmpl::Value::string(expansion ? expansion->context->external_url : "");
    };
    return std::make_shared<const tmpl::Functions>(std::move(f));
  }();
  return all;
}

tmpl::Value string_map(const auto& labels) {
  std::map<std::string, std::string, std::less<>> entries;
  for (const auto& label : labels) entries.emplace(label.name, label.value);
  return tmpl::Value::string_map(entries);
}

}  // namespace

Result<AlertTemplates> AlertTemplates::compile(const AlertingRule& rule) {
  AlertTemplates templates;
  templates.template_name_ = "__alert_" + rule.alert;
  std::string problems;
  auto parse_all = [&](const std::vector<storage::Label>& texts, std::vector<Compiled>& into, const char* kind) {
    for (const auto& label : texts) {
      // Most label values hold no action: nothing to parse or run.
      if (label.value.find("{{") == std::string::npos) {
        into.push_back({label.name, label.value, true});
        continue;
      }
      std::string text(kDefinitions);
      text += label.value;
      auto parsed = tmpl::Template::parse_sharing(templates.template_name_, text, functions());
      if (!parsed) {
        if (!problems.empty()) problems += '\n';
        problems += std::string(kind) + " \"" + label.name + "\": " + parsed.error().message;
        continue;
      }
      into.push_back({label.name, std::move(text), false});
    }
  };
  parse_all(rule.labels, templates.labels_, "label");
  parse_all(rule.annotations, templates.annotations_, "annotation");
  if (!problems.empty()) return std::unexpected(make_error(ErrorKind::invalid_config, problems));
  return templates;
}

ExpandedAlert AlertTemplates::expand(const storage::LabelSet& labels, double value, int64_t time_ms,
                                     const EvaluationContext& context) const {
  const tmpl::Value data = tmpl::Value::record("", {{"Labels", string_map(labels)},
                                                    {"ExternalLabels", string_map(context.external_labels)},
                                                    {"ExternalURL", tmpl::Value::string(context.external_url)},
                                                    {"Value", tmpl::Value::floating(value)}});
  const Expansion expansion{&context, time_ms};
  const Expansion* outer = current_expansion;
  current_expansion = &expansion;
  ExpandedAlert out;
  auto run = [&](const std::vector<Compiled>& compiled, std::vector<storage::Label>& into) {
    for (const auto& item : compiled) {
      if (item.literal) {
        into.push_back({item.name, item.text});
        continue;
      }
      auto parsed = tmpl::Template::parse_sharing(template_name_, item.text, functions());
      auto text = parsed ? parsed->execute(data, tmpl::MissingKey::zero) : std::unexpected(parsed.error());
      if (text) {
        into.push_back({item.name, std::move(*text)});
        continue;
      }
      std::string error = "error executing template " + template_name_ + ": " + text.error().message;
      into.push_back({item.name, "<error expanding template: " + error + ">"});
      out.warnings.push_back(std::move(error));
    }
  };
  run(labels_, out.labels);
  run(annotations_, out.annotations);
  current_expansion = outer;
  return out;
}

}  // namespace vigil::rules
