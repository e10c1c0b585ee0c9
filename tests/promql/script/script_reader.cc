// Reads a script line by line as upstream's promqltest `parse` does: the
// same command regular expressions, the same block ends (an empty or comment
// line), the same checks and, where it has them, the same messages.

#include <algorithm>
#include <cctype>
#include <regex>

#include "core/duration.h"
#include "core/go_text.h"
#include "promql/number_literal.h"
#include "promql/parser.h"
#include "promql/script/script.h"

namespace vigil::promql::script {
namespace {

// Upstream trims with strings.TrimSpace and blanks comment lines, so a
// comment inside a block ends it.
std::vector<std::string> script_lines(std::string_view text) {
  std::vector<std::string> lines;
  while (true) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    size_t b = line.find_first_not_of(" \t\r\v\f");
    size_t e = line.find_last_not_of(" \t\r\v\f");
    line = b == std::string_view::npos ? std::string_view() : line.substr(b, e - b + 1);
    lines.emplace_back(line.starts_with('#') ? std::string_view() : line);
    if (nl == std::string_view::npos) return lines;
    text.remove_prefix(nl + 1);
  }
}

class Reader {
 public:
  Reader(std::string_view text, std::string_view file_name) : lines_(script_lines(text)) {
    script_.file_name = file_name;
  }

  Result<Script> run() {
    for (i_ = 0; i_ < lines_.size(); ++i_) {
      const std::string& l = lines_[i_];
      if (l.empty()) continue;
      std::string word = l.substr(0, l.find_first_of(" \t"));
      std::ranges::transform(word, word.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      Result<void> ok;
      if (word == "clear") {
        script_.commands.emplace_back(std::in_place_type<Clear>, line());
        histograms_loaded_ = false;
      } else if (word == "load") {
        ok = read_load();
      } else if (word.starts_with("eval")) {
        ok = read_eval();
      } else {
        ok = fail("invalid command " + quote_go_string(l));
      }
      if (!ok) return std::unexpected(ok.error());
    }
    return std::move(script_);
  }

 private:
  int line() const { return static_cast<int>(i_) + 1; }

  // `separator` is ":" when `problem` starts with a column.
  std::unexpected<Error> fail(std::string problem, std::string_view separator = ": ") const {
    std::string message = script_.file_name;
    message += ':';
    message += std::to_string(line());
    message += separator;
    message += problem;
    return std::unexpected(make_error(ErrorKind::invalid_argument, std::move(message)));
  }

  // model.ParseDuration: the value in ms, or its message.
  static std::expected<int64_t, std::string> duration(const std::string& text) {
    auto d = parse_duration(text);
    std::string message = "not a valid duration string: ";
    message += quote_go_string(text);
    if (!d) return std::unexpected(std::move(message));
    return d->count();
  }

  // The next line of a block, or false at its end (an empty line or the end
  // of the file).
  bool next_block_line() {
    if (i_ + 1 >= lines_.size() || lines_[i_ + 1].empty()) return false;
    ++i_;
    return true;
  }

  Result<void> read_load() {
    static const std::regex pattern(R"(^load\s+(.+?)$)");
    std::smatch m;
    if (!std::regex_match(lines_[i_], m, pattern)) return fail("invalid load command. (load <step:duration>)");
    auto step = duration(m[1].str());
    if (!step) return fail("invalid step definition " + quote_go_string(m[1].str()) + ": " + step.error());
    Load load{.step_ms = *step, .line = line()};
    while (next_block_line()) {
      auto desc = parse_series_desc(lines_[i_]);
      if (!desc) return fail("parse error: " + desc.error());
      LoadedSeries series{std::move(desc->labels), {}, line()};
      for (size_t k = 0; k < desc->values.size(); ++k) {
        const SequenceValue& v = desc->values[k];
        if (v.kind == ValueKind::omitted) continue;
        load.native_histograms |= v.kind == ValueKind::native_histogram;
        series.samples.push_back({static_cast<int64_t>(k) * load.step_ms, v});
      }
      auto same = std::ranges::find(load.series, series.labels, &LoadedSeries::labels);
      if (same != load.series.end()) {
        *same = std::move(series);
      } else {
        load.series.push_back(std::move(series));
      }
    }
    histograms_loaded_ |= load.native_histograms;
    script_.commands.emplace_back(std::in_place_type<Load>, std::move(load));
    return {};
  }

  Result<void> read_eval() {
    static const std::regex instant(R"(^eval(?:_(fail|ordered))?\s+instant\s+(?:at\s+(.+?))?\s+(.+)$)");
    static const std::regex range(R"(^eval(?:_(fail))?\s+range\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+?)\s+(.+)$)");
    const std::string& l = lines_[i_];
    std::smatch m;
    Eval eval{.line = line()};
    if (std::regex_match(l, m, instant)) {
      eval.expr = m[3].str();
    } else if (std::regex_match(l, m, range)) {
      eval.kind = Eval::Kind::range;
      eval.expr = m[5].str();
    } else {
      return fail(
          "invalid evaluation command. Must be either 'eval[_fail|_ordered] instant [at <offset:duration>] <query>' or "
          "'eval[_fail] range from <from> to <to> step <step> <query>'");
    }
    if (auto parsed = parse_expr(eval.expr); !parsed) return fail(expr_error(parsed.error().message, eval.expr), ":");
    eval.fail = m[1] == "fail";
    eval.ordered = m[1] == "ordered";
    if (auto ok = read_eval_times(m, eval); !ok) return ok;
    while (next_block_line()) {
      if (auto scalar = parse_number_literal(lines_[i_])) {
        eval.expected_scalar = *scalar;
        break;  // upstream ends the block at a number line
      }
      if (auto ok = read_expected(eval); !ok) return ok;
    }
    eval.native_histograms |= histograms_loaded_;
    script_.commands.emplace_back(std::in_place_type<Eval>, std::move(eval));
    return {};
  }

  // Upstream's message for a bad time, naming the command as upstream does.
  std::unexpected<Error> fail_eval(const Eval& eval, std::string problem) const {
    std::string message = "error in eval ";
    message += eval.expr;
    message += " (line ";
    message += std::to_string(line());
    message += "): ";
    message += problem;
    return fail(std::move(message));
  }

  Result<void> read_eval_times(const std::smatch& m, Eval& eval) const {
    if (eval.kind == Eval::Kind::instant) {
      auto at = duration(m[2].str());
      if (!at)
        return fail_eval(eval, "invalid timestamp definition " + quote_go_string(m[2].str()) + ": " + at.error());
      eval.time_ms = *at;
      return {};
    }
    auto start = duration(m[2].str());
    if (!start)
      return fail_eval(eval,
                       "invalid start timestamp definition " + quote_go_string(m[2].str()) + ": " + start.error());
    auto end = duration(m[3].str());
    if (!end)
      return fail_eval(eval, "invalid end timestamp definition " + quote_go_string(m[3].str()) + ": " + end.error());
    if (*end < *start) {
      return fail_eval(eval, "invalid test definition, end timestamp (" + m[3].str() + ") is before start timestamp (" +
                                 m[2].str() + ")");
    }
    auto step = duration(m[4].str());
    if (!step) return fail_eval(eval, "invalid step definition " + quote_go_string(m[4].str()) + ": " + step.error());
    eval.start_ms = *start;
    eval.end_ms = *end;
    eval.step_ms = *step;
    return {};
  }

  Result<void> read_expected(Eval& eval) {
    auto desc = parse_series_desc(lines_[i_]);
    if (!desc) return fail("parse error: " + desc.error());
    if (eval.kind == Eval::Kind::instant && desc->values.size() > 1) {
      return fail("parse error: expecting multiple values in instant evaluation not allowed");
    }
    if (eval.kind == Eval::Kind::range && eval.step_ms > 0) {
      size_t steps = static_cast<size_t>((eval.end_ms - eval.start_ms) / eval.step_ms) + 1;
      if (desc->values.size() > steps) {
        return fail("expected " + std::to_string(desc->values.size()) + " points for " + desc->labels.to_string() +
                    ", but query time range cannot return this many points");
      }
    }
    for (const SequenceValue& v : desc->values) eval.native_histograms |= v.kind == ValueKind::native_histogram;
    ExpectedSeries series{std::move(desc->labels), std::move(desc->values), expectation_index(eval), line()};
    auto same = std::ranges::find(eval.expected, series.labels, &ExpectedSeries::labels);
    if (same != eval.expected.end()) {
      *same = std::move(series);
    } else {
      eval.expected.push_back(std::move(series));
    }
    return {};
  }

  // 1-based index of the current line in the eval's expectation block.
  size_t expectation_index(const Eval& eval) const { return i_ + 1 - static_cast<size_t>(eval.line); }

  // The parser's "1:C: parse error: ..." as "C': parse error: ...", the
  // column moved to where the expression starts in the line, as upstream
  // reports it; any other message as " <message>". Either follows a ":".
  std::string expr_error(const std::string& message, const std::string& expr) const {
    static const std::regex position(R"(^1:(\d+): ([\s\S]*)$)");
    std::smatch m;
    if (!std::regex_match(message, m, position)) return " " + message;
    size_t column = std::stoul(m[1].str()) + lines_[i_].find(expr);
    return std::to_string(column) + ": " + m[2].str();
  }

  std::vector<std::string> lines_;
  size_t i_ = 0;
  Script script_;
  bool histograms_loaded_ = false;  // a load since the last clear had native histograms
};

}  // namespace

Result<Script> read_script(std::string_view text, std::string_view file_name) { return Reader(text, file_name).run(); }

}  // namespace vigil::promql::script
