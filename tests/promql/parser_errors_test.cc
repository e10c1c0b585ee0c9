// Every parse error with its message and position, worded as Prometheus's.

#include <gtest/gtest.h>

#include "promql/parser.h"

namespace vigil::promql {
namespace {

struct Case {
  const char* query;
  const char* error;  // the whole message, "line:col: parse error: ..."
};

const Case kCases[] = {
    // lexical
    {"", "1:1: parse error: no expression found in input"},
    {"# just a comment", "1:1: parse error: no expression found in input"},
    {"foo $", "1:5: parse error: unexpected character: '$'"},
    {"1 !~ 1", "1:3: parse error: unexpected character after '!': '~'"},
    {"1 =~ 1", "1:3: parse error: unexpected character after '=': '~'"},
    {"(1", "1:3: parse error: unclosed left parenthesis"},
    {"1)", "1:2: parse error: unexpected right parenthesis ')'"},
    {"foo[5m", "1:7: parse error: unclosed left bracket"},
    {"foo[5]", "1:5: parse error: missing unit character in duration"},
    {"foo[5mm]", "1:5: parse error: bad duration syntax: \"5mm\""},
    {"1x", "1:1: parse error: bad number or duration syntax: \"1\""},
    {"2.5.", "1:1: parse error: bad number or duration syntax: \"2.5.\""},
    {"100..4", "1:1: parse error: bad number or duration syntax: \"100..\""},
    {"0deadbeef", "1:1: parse error: bad number or duration syntax: \"0de\""},
    {".", "1:1: parse error: unexpected character: '.'"},
    {R"("\q")", "1:1: parse error: unknown escape sequence U+0071 'q'"},
    {"\"abc", "1:1: parse error: unterminated quoted string"},
    {"}", "1:1: parse error: unexpected character: '}'"},
    {"some_metric{a:b=\"b\"}", "1:14: parse error: unexpected character inside braces: ':'"},
    {"foo{a>=\"b\"}", "1:6: parse error: unexpected character inside braces: '>'"},
    {"some_metric{a=\"\xff\"}", "1:15: parse error: invalid UTF-8 rune"},
    {"foo{__name__= =}", "1:15: parse error: unexpected \"=\" in label matching, expected string"},
    {"foo{__name__ == \"bar\"}", "1:15: parse error: unexpected \"=\" in label matching, expected string"},
    {"foo @ -Inf", "1:1: parse error: timestamp out of bounds for @ modifier: -Inf"},
    {"foo{a=1}", "1:7: parse error: unexpected character inside braces: '1'"},
    {"foo{a", "1:6: parse error: unexpected end of input inside braces"},
    // syntax
    {"1 +", "1:4: parse error: unexpected end of input"},
    {"*1", "1:1: parse error: unexpected <op:*>"},
    {"foo bar", "1:5: parse error: unexpected identifier \"bar\""},
    {"sum(foo) by", "1:12: parse error: unexpected end of input in grouping opts, expected \"(\""},
    {"sum by (a b) (foo)", "1:11: parse error: unexpected identifier \"b\" in grouping opts, expected \",\" or \")\""},
    {"sum by (a:b) (foo)", "1:9: parse error: unexpected metric identifier \"a:b\" in grouping opts, expected label"},
    {"sum by (a) foo", "1:12: parse error: unexpected identifier \"foo\" in aggregation"},
    {"sum by (a) (foo) by (b)", "1:18: parse error: unexpected <by>"},
    {"foo{a}", "1:6: parse error: unexpected \"}\" in label matching, expected label matching operator"},
    {"foo{a=b}", "1:7: parse error: unexpected identifier \"b\" in label matching, expected string"},
    {R"(foo{a="b" c="d"})",
     "1:11: parse error: unexpected identifier \"c\" in label matching, expected \",\" or \"}\""},
    {R"(foo{,})", "1:5: parse error: unexpected \",\" in label matching, expected identifier or \"}\""},
    {"foo offset", "1:11: parse error: unexpected end of input in offset, expected duration"},
    {"foo @", "1:6: parse error: unexpected end of input in @, expected timestamp"},
    {"foo[5m:1m", "1:10: parse error: unclosed left bracket"},
    {"foo[5m 1m]", "1:8: parse error: unexpected duration \"1m\" in subquery or range, expected \":\" or \"]\""},
    {"a - on(b) ignoring(c) d", "1:11: parse error: unexpected <ignoring>"},
    {"a + group_left b", "1:5: parse error: unexpected <group_left>"},
    {"@ 1", "1:1: parse error: unexpected <op:@>"},
    {"foo @ start end", "1:13: parse error: unexpected \"end\" in @, expected \"(\""},
    {"sum(x) + bar{", "1:14: parse error: unexpected end of input inside braces"},
    {"\"a long string literal\" foo", "1:25: parse error: unexpected identifier \"foo\""},
    {"1 \"a long string literal\"", "1:3: parse error: unexpected string \"\\\"a long st\"..."},
    {"rate(foo[5m],)", "1:13: parse error: trailing commas not allowed in function call args"},
    {"5m", "1:1: parse error: unexpected duration \"5m\""},
    {"1e", "1:1: parse error: error parsing number: strconv.ParseFloat: parsing \"1e\": invalid syntax"},
    {"1e400", "1:1: parse error: error parsing number: strconv.ParseFloat: parsing \"1e400\": value out of range"},
    {"-=", "1:2: parse error: unexpected \"=\""},
    {"++-++-+-+-<", "1:11: parse error: unexpected <op:<>"},
    {"e-+=/(0)", "1:4: parse error: unexpected \"=\""},
    {"label_replace(a, `b`, `c\xff`, `d`, `.*`)", "1:23: parse error: invalid UTF-8 rune"},
    {"\"\\x.\"", "1:1: parse error: illegal character U+002E '.' in escape sequence"},
    {"`\\``", "1:4: parse error: unterminated raw string"},
    // grammar actions
    {"a>b()", "1:3: parse error: unknown function with name \"b\""},
    {"rate(avg)", "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector"},
    {"non_existent_function_far_bar()",
     "1:1: parse error: unknown function with name \"non_existent_function_far_bar\""},
    {"sum()", "1:1: parse error: no arguments for aggregate expression provided"},
    {"topk(foo)", "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1"},
    {"sum(a, b)", "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 1, got 2"},
    {"{}", "1:1: parse error: vector selector must contain at least one non-empty matcher"},
    {R"({x=""})", "1:1: parse error: vector selector must contain at least one non-empty matcher"},
    {R"({x=~".*"})", "1:1: parse error: vector selector must contain at least one non-empty matcher"},
    {R"({x!~".+"})", "1:1: parse error: vector selector must contain at least one non-empty matcher"},
    {R"({x!="a"})", "1:1: parse error: vector selector must contain at least one non-empty matcher"},
    {R"(foo{__name__="bar"})", "1:1: parse error: metric name must not be set twice: \"foo\" or \"bar\""},
    {"foo[0m]", "1:5: parse error: duration must be greater than 0"},
    {"foo[5m1h]", "1:5: parse error: not a valid duration string: \"5m1h\""},
    {"foo offset 0s", "1:12: parse error: duration must be greater than 0"},
    {"foo offset 1s offset 2s", "1:1: parse error: offset may not be set multiple times"},
    {"foo @ 1 @ 2", "1:1: parse error: @ <timestamp> may not be set multiple times"},
    {"1 offset 1d",
     "1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a "
     "subquery"},
    {"sum(foo) @ 10",
     "1:1: parse error: @ modifier must be preceded by an instant vector selector or range vector selector or a "
     "subquery"},
    {"(foo) offset 5m",
     "1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a "
     "subquery"},
    {"foo @ +Inf", "1:1: parse error: timestamp out of bounds for @ modifier: +Inf"},
    {"foo @ NaN", "1:1: parse error: timestamp out of bounds for @ modifier: NaN"},
    {"foo @ 1e20", "1:1: parse error: timestamp out of bounds for @ modifier: 100000000000000000000.000000"},
    {"foo @ start", "1:12: parse error: unexpected end of input in @, expected \"(\""},
    {"rate(food[1m])[1h] offset 1h", "1:15: parse error: ranges only allowed for vector selectors"},
    {"start()", "1:6: parse error: unexpected \"(\""},
    {"end()", "1:4: parse error: unexpected \"(\""},
    {"(foo + bar)[5m]", "1:12: parse error: ranges only allowed for vector selectors"},
    {"some_metric OFFSET 1m[5m]", "1:22: parse error: no offset modifiers allowed before range"},
    {"some_metric @ 1234 [5m]", "1:20: parse error: no @ modifiers allowed before range"},
    {"some_metric[5m] @", "1:18: parse error: unexpected end of input in @, expected timestamp"},
    {"sum without(==)(some_metric)", "1:13: parse error: unexpected <op:==> in grouping opts, expected label"},
    {"sum without(foo,,)(some_metric)", "1:17: parse error: unexpected \",\" in grouping opts, expected label"},
    {"sum some_metric by (test)", "1:5: parse error: unexpected identifier \"some_metric\""},
    {"MIN keep_common (some_metric)", "1:5: parse error: unexpected identifier \"keep_common\""},
    {"sum (some_metric) without (test) by (test)", "1:34: parse error: unexpected <by>"},
    {"rate(some_metric[5m]) @ 1234",
     "1:1: parse error: @ modifier must be preceded by an instant vector selector or range vector selector or a "
     "subquery"},
    {"hour(a, b, c)", "1:1: parse error: expected at most 1 argument(s) in call to \"hour\", got 3"},
    {"time(some_metric)", "1:1: parse error: expected 0 argument(s) in call to \"time\", got 1"},
    {"floor(1)", "1:7: parse error: expected type instant vector in call to function \"floor\", got scalar"},
    {"(foo)[5m]", "1:6: parse error: ranges only allowed for vector selectors"},
    {"foo[5m][5m]", "1:8: parse error: ranges only allowed for vector selectors"},
    {"foo offset 5m[5m]", "1:14: parse error: no offset modifiers allowed before range"},
    {"foo @ 1 [5m]", "1:9: parse error: no @ modifiers allowed before range"},
    {R"(foo{a=~"("})", "1:5: parse error: invalid regular expression \"(\" for label a: missing ): ^(?:()$"},
    // type checks, which run only on a syntactically valid query
    {"{} +", "1:5: parse error: unexpected end of input"},
    {"foo{__name__=\"bar\"} offset", "1:27: parse error: unexpected end of input in offset, expected duration"},
    {"foo{__name__=\"bar\"}[5m]", "1:1: parse error: metric name must not be set twice: \"foo\" or \"bar\""},
    {"{a=\"\"}[5m:]", "1:1: parse error: vector selector must contain at least one non-empty matcher"},
    {"rate(foo)", "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector"},
    {"abs(foo[5m])", "1:5: parse error: expected type instant vector in call to function \"abs\", got range vector"},
    {"floor()", "1:1: parse error: expected 1 argument(s) in call to \"floor\", got 0"},
    {"floor(a, b)", "1:1: parse error: expected 1 argument(s) in call to \"floor\", got 2"},
    {"round(a, 1, 2)", "1:1: parse error: expected at most 2 argument(s) in call to \"round\", got 3"},
    {"label_join(a, \"b\")", "1:1: parse error: expected at least 3 argument(s) in call to \"label_join\", got 2"},
    {"label_join(a, \"b\", \"c\", 1)",
     "1:25: parse error: expected type string in call to function \"label_join\", got scalar"},
    {"sum(1)", "1:5: parse error: expected type instant vector in aggregation expression, got scalar"},
    {"topk(a, b)", "1:6: parse error: expected type scalar in aggregation parameter, got instant vector"},
    {"count_values(5, b)", "1:14: parse error: expected type string in aggregation parameter, got scalar"},
    {"1 == 1", "1:3: parse error: comparisons between scalars must use BOOL modifier"},
    {"a + bool b", "1:3: parse error: bool modifier can only be used on comparison operators"},
    {"1 and 1", "1:1: parse error: set operator \"and\" not allowed in binary scalar expression"},
    {"foo or 1", "1:1: parse error: set operator \"or\" not allowed in binary scalar expression"},
    {"1 + on(bar) foo", "1:1: parse error: vector matching only allowed between instant vectors"},
    {"foo or on(bar) group_left(baz) bar", "1:1: parse error: no grouping allowed for \"or\" operation"},
    {"foo * on(a) group_left(a) bar", "1:5: parse error: label \"a\" must not occur in ON and GROUP clause at once"},
    {"foo[5m] + 1", "1:1: parse error: binary expression must contain only scalar and instant vector types"},
    {"1 + \"a\"", "1:5: parse error: binary expression must contain only scalar and instant vector types"},
    {"-\"string\"",
     "1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got \"string\""},
    {"-foo[5m]",
     "1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got \"range "
     "vector\""},
    {"1[5m:]", "1:1: parse error: subquery is only allowed on instant vector, got scalar"},
    {"test[5d] OFFSET 10s [10m:5s]", "1:1: parse error: subquery is only allowed on instant vector, got matrix"},
    {"foo[5m:][5m:]", "1:1: parse error: subquery is only allowed on instant vector, got matrix"},
    // positions on later lines count from the line's start
    {"foo +\n  bar +\n    $", "3:5: parse error: unexpected character: '$'"},
};

TEST(PromqlParseErrors, MessagesAndPositions) {
  for (const Case& c : kCases) {
    auto e = parse_expr(c.query);
    if (e) {
      ADD_FAILURE() << c.query << ": parsed, expected " << c.error;
      continue;
    }
    EXPECT_EQ(e.error().message, c.error) << c.query;
    EXPECT_EQ(e.error().kind, ErrorKind::invalid_argument);
  }
}

}  // namespace
}  // namespace vigil::promql
