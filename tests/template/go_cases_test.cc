// Runs every case of testdata/go_cases.txt: a template, the missing-key
// mode, and what Go 1.19's text/template printed for it (output or error),
// against the same data and functions (test_data.h).
//
// The cases come from testdata/cases.in (templates separated by "----"
// lines, "#zero" first for missingkey=zero); a throwaway Go program wrote
// go_cases.txt from them, one line each: "M zero", "T <template>", then
// "O <output>" or "E <error>", strings in Go's %q form.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/go_text.h"
#include "template/template.h"
#include "test_data.h"

namespace vigil::tmpl {
namespace {

struct Case {
  int line = 0;
  bool zero = false;
  std::string text;
  bool is_error = false;
  std::string expected;
};

std::vector<Case> read_cases() {
  std::ifstream in(VIGIL_TEMPLATE_TESTDATA_DIR "/go_cases.txt");
  std::vector<Case> cases;
  Case current;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    const std::string_view body = std::string_view(line).substr(2);
    if (line.starts_with("M ")) {
      current.zero = body == "zero";
    } else if (line.starts_with("T ")) {
      current.line = number;
      current.text = unquote_go(body).value_or("<bad quoting>");
    } else if (line.starts_with("O ") || line.starts_with("E ")) {
      current.is_error = line[0] == 'E';
      current.expected = unquote_go(body).value_or("<bad quoting>");
      cases.push_back(current);
      current = Case{};
    }
  }
  return cases;
}

TEST(GoCases, MatchGoTextTemplate) {
  const auto cases = read_cases();
  ASSERT_GT(cases.size(), 150u);
  const Value data = testing::case_data();
  const Functions functions = testing::case_functions();
  for (const auto& c : cases) {
    SCOPED_TRACE(::testing::Message() << "go_cases.txt:" << c.line << ": " << c.text);
    std::string got;
    bool failed = false;
    auto parsed = Template::parse("t", c.text, functions);
    if (!parsed) {
      failed = true;
      got = parsed.error().message;
    } else {
      auto out = parsed->execute(data, c.zero ? MissingKey::zero : MissingKey::invalid);
      failed = !out;
      got = out ? *out : out.error().message;
    }
    EXPECT_EQ(failed, c.is_error) << got;
    EXPECT_EQ(got, c.expected);
  }
}

}  // namespace
}  // namespace vigil::tmpl
