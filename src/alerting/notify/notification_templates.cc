#include "alerting/notify/notification_templates.h"

#include <glob.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/core.h>

#include "alerting/notify/default_templates.h"
#include "alerting/notify/template_data.h"
#include "template/alertmanager_functions.h"

namespace vigil::alerting::notify {

namespace {

Error config_error(std::string message) { return make_error(ErrorKind::invalid_config, std::move(message)); }

// Relative globs are relative to the configuration file's directory, as
// Alertmanager resolves them when it reads its configuration.
std::string resolved_glob(const AlertingConfig& config, const std::string& pattern) {
  if (pattern.empty() || pattern.front() == '/' || config.source.empty()) return pattern;
  return (std::filesystem::path(config.source).parent_path() / pattern).string();
}

// Go's filepath.ErrBadPattern cases glob(3) would take literally: a
// character class left open or empty, a trailing backslash.
bool bad_glob_pattern(std::string_view pattern) {
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\') {
      if (++i == pattern.size()) return true;
    } else if (pattern[i] == '[') {
      size_t end = i + 1;
      if (end < pattern.size() && pattern[end] == '^') ++end;
      if (end >= pattern.size() || pattern[end] == ']') return true;
      end = pattern.find(']', end + 1);
      if (end == std::string_view::npos) return true;
      i = end;
    }
  }
  return false;
}

// The files `pattern` matches, sorted. Braces are not special, and a
// pattern that matches nothing or names an unreadable directory gives no
// files, as with Go's filepath.Glob.
Result<std::vector<std::string>> glob_files(const std::string& pattern) {
  if (bad_glob_pattern(pattern))
    return std::unexpected(config_error(fmt::format("template glob \"{}\": syntax error in pattern", pattern)));
  glob_t found{};
  const int status = glob(pattern.c_str(), 0, nullptr, &found);
  std::vector<std::string> files;
  if (status == 0) files.assign(found.gl_pathv, found.gl_pathv + found.gl_pathc);
  globfree(&found);
  return files;
}

Result<void> add_file(tmpl::TemplateSet& set, const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return std::unexpected(config_error(fmt::format("template file {}: cannot be read", file)));
  // Go's ParseFiles names each file's template after its base name.
  auto added = set.add(std::filesystem::path(file).filename().string(), text.str());
  if (!added) return std::unexpected(config_error(fmt::format("template file {}: {}", file, added.error().message)));
  return {};
}

struct Text {
  std::string field;
  const std::string& text;
};

// The template texts of each kind of notifier, by their YAML names.
std::vector<Text> texts_of(const SlackConfig& c) {
  return {{"channel", c.channel},
          {"username", c.username},
          {"color", c.color},
          {"title", c.title},
          {"title_link", c.title_link},
          {"pretext", c.pretext},
          {"text", c.text},
          {"footer", c.footer},
          {"fallback", c.fallback},
          {"callback_id", c.callback_id},
          {"icon_emoji", c.icon_emoji},
          {"icon_url", c.icon_url},
          {"image_url", c.image_url},
          {"thumb_url", c.thumb_url}};
}

std::vector<Text> texts_of(const PagerdutyConfig& c) {
  std::vector<Text> texts{
      {"client", c.client},     {"client_url", c.client_url}, {"description", c.description}, {"source", c.source},
      {"severity", c.severity}, {"class", c.event_class},     {"component", c.component},     {"group", c.group}};
  for (const auto& [name, text] : c.details) texts.push_back({"details." + name, text});
  return texts;
}

std::vector<Text> texts_of(const EmailConfig& c) {
  std::vector<Text> texts{{"to", c.to}, {"from", c.from}, {"html", c.html}, {"text", c.text}};
  for (const auto& [name, text] : c.headers) texts.push_back({"headers." + name, text});
  return texts;
}

template <class Configs>
void check_texts(const std::string& where, const char* kind, const Configs& configs, const tmpl::Functions& functions,
                 std::string& problems) {
  for (size_t i = 0; i < configs.size(); ++i) {
    for (const Text& text : texts_of(configs[i])) {
      auto parsed = tmpl::Template::parse("", text.text, functions);
      if (parsed) continue;
      if (!problems.empty()) problems += '\n';
      problems += fmt::format("{}{}[{}].{}: {}", where, kind, i, text.field, parsed.error().message);
    }
  }
}

}  // namespace

Result<tmpl::TemplateSet> load_notification_templates(const AlertingConfig& config) {
  tmpl::TemplateSet set(tmpl::alertmanager_functions());
  if (auto defaults = set.add(kDefaultTemplatesName, default_templates_text()); !defaults)
    return std::unexpected(make_error(ErrorKind::internal, "BUG: default templates: " + defaults.error().message));
  for (const auto& pattern : config.templates) {
    auto files = glob_files(resolved_glob(config, pattern));
    if (!files) return std::unexpected(files.error());
    for (const auto& file : *files)
      if (auto added = add_file(set, file); !added) return std::unexpected(added.error());
  }
  return set;
}

Result<void> check_receiver_texts(const AlertingConfig& config) {
  const tmpl::Functions functions = tmpl::alertmanager_functions();
  std::string problems;
  for (const Receiver& receiver : config.receivers) {
    const std::string where = fmt::format("{}:{}: receiver \"{}\": ", config.source, receiver.line, receiver.name);
    check_texts(where, "slack_configs", receiver.slack_configs, functions, problems);
    check_texts(where, "pagerduty_configs", receiver.pagerduty_configs, functions, problems);
    check_texts(where, "email_configs", receiver.email_configs, functions, problems);
  }
  if (!problems.empty()) return std::unexpected(config_error(std::move(problems)));
  return {};
}

Result<void> check_notification_templates(const AlertingConfig& config) {
  if (auto loaded = load_notification_templates(config); !loaded) return std::unexpected(loaded.error());
  return check_receiver_texts(config);
}

ExpandText expand_text_with(std::shared_ptr<const tmpl::TemplateSet> templates) {
  return [templates = std::move(templates)](const std::string& text, const Notification& data) -> Result<std::string> {
    if (text.empty()) return std::string();
    return templates->execute_text(text, template_data(data), {.missing_key = tmpl::MissingKey::zero});
  };
}

Result<ExpandText> make_expand_text(const AlertingConfig& config) {
  auto loaded = load_notification_templates(config);
  if (!loaded) return std::unexpected(loaded.error());
  if (auto texts = check_receiver_texts(config); !texts) return std::unexpected(texts.error());
  return expand_text_with(std::make_shared<const tmpl::TemplateSet>(std::move(*loaded)));
}

}  // namespace vigil::alerting::notify
