// amtool, Alertmanager's own client, against Vigil's silence routes and
// against the real Alertmanager 0.25 side by side: the same commands must
// print the same thing, once silence ids and the times that depend on when
// each ran are replaced by placeholders. Skipped without /usr/bin/amtool and
// /usr/bin/prometheus-alertmanager (Debian's prometheus-alertmanager,
// installed by scripts/setup).

#include <filesystem>
#include <map>
#include <regex>

#include <gtest/gtest.h>

#include "api/handlers/alertmanager_silence_routes.h"
#include "api/http/server.h"
#include "support/live_alertmanager.h"
#include "support/vigil_process.h"

namespace vigil::api {
namespace {

constexpr const char* kAmtool = "/usr/bin/amtool";

// Vigil's silence routes on a free loopback port.
class SilenceServer {
 public:
  SilenceServer() {
    config_.listen = "127.0.0.1:0";
    config_.threads = 1;
    config_.shutdown_timeout = std::chrono::seconds(1);
    alerting::SilencesOptions options;
    options.snapshot_file = dir_.path() / "silences";
    silences_ = std::move(*alerting::Silences::open(options));
    add_alertmanager_silence_routes(router_, *silences_);
  }
  ~SilenceServer() { server_.shutdown(); }

  bool start() { return server_.start().has_value(); }
  std::string url() const { return "http://" + server_.local_address(); }

 private:
  testing::TempDir dir_;
  config::ServerConfig config_;
  std::unique_ptr<alerting::Silences> silences_;
  Router router_;
  metrics::Registry registry_;
  HttpMetrics metrics_{registry_};
  log::Logger logger_{"http", std::make_shared<log::MemorySink>(), log::Level::error,
                      std::make_shared<log::Redactor>()};
  RequestPipeline pipeline_{router_, std::move(Authenticator::create({}).value()), metrics_, logger_, false};
  HttpServer server_{config_, pipeline_, metrics_, logger_};
};

// One amtool session against one server: runs commands, and names each
// silence id <id1>, <id2>, ... in the order they first appear.
class AmtoolSession {
 public:
  static std::string this_year() {
    const std::chrono::year_month_day date{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
    return std::to_string(static_cast<int>(date.year()));
  }

  explicit AmtoolSession(std::string url) : url_(std::move(url)) {}

  std::string run(std::vector<std::string> args) {
    std::vector<std::string> argv{kAmtool, "--alertmanager.url=" + url_};
    argv.insert(argv.end(), args.begin(), args.end());
    auto result = testing::run_program(argv);
    return normalized("exit " + std::to_string(result.exit_code) + "\n" + result.out + result.err);
  }

  // The real id behind a placeholder.
  std::string id(const std::string& placeholder) const { return ids_.at(placeholder); }

 private:
  std::string normalized(const std::string& text) {
    static const std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    // Times of this year: when a silence was made, started or expired.
    static const std::regex today(this_year() + "-[0-9][0-9]-[0-9][0-9][ T][0-9:.]+( UTC|Z)");
    std::string out;
    auto last = text.cbegin();
    for (std::sregex_iterator it(text.begin(), text.end(), uuid), end; it != end; ++it) {
      out.append(last, text.cbegin() + it->position());
      const std::string found = it->str();
      auto known = placeholders_.find(found);
      if (known == placeholders_.end()) {
        const std::string name = "<id" + std::to_string(placeholders_.size() + 1) + ">";
        known = placeholders_.emplace(found, name).first;
        ids_[name] = found;
      }
      out += known->second;
      last = text.cbegin() + it->position() + it->length();
    }
    out.append(last, text.cend());
    std::string result;
    std::regex_replace(std::back_inserter(result), out.begin(), out.end(), today, std::string("<time>"));
    return result;
  }

  std::string url_;
  std::map<std::string, std::string> placeholders_;
  std::map<std::string, std::string> ids_;
};

TEST(AmtoolSilences, SameOutputAsAgainstAlertmanager) {
  if (!std::filesystem::exists(kAmtool) || !testing::LiveAlertmanager::installed()) {
    GTEST_SKIP() << "needs amtool and prometheus-alertmanager";
  }
  testing::LiveAlertmanager alertmanager;
  SilenceServer vigil;
  ASSERT_TRUE(vigil.start());
  ASSERT_TRUE(alertmanager.wait_ready()) << alertmanager.log();
  AmtoolSession real(alertmanager.url());
  AmtoolSession ours(vigil.url());

  // Times in 2030 stay as they are; this year's become <time>.
  const std::vector<std::vector<std::string>> steps = {
      {"silence", "add", "alertname=Test", "env=~\"prod|stg\"", "--comment=maintenance", "--author=alice",
       "--duration=2h"},
      {"silence", "add", "foo=bar", "-c", "window", "-a", "bob", "--start=2030-01-01T00:00:00Z",
       "--end=2030-01-02T00:00:00Z"},
      {"silence", "add", "team!=ops", "severity=~\"page|critical\"", "-c", "<quiet> & calm", "-a", "carol",
       "--start=2030-02-01T00:00:00Z", "--end=2030-02-02T00:00:00Z"},
      {"silence", "query"},
      {"silence", "query", "alertname=Test"},
      {"silence", "query", "foo=bar"},
      {"silence", "query", "-o", "extended"},
      {"silence", "query", "-o", "json", "foo=bar"},
      {"silence", "add", "foo=", "-c", "x"},
      {"silence", "add", "foo=bar", "-c", "x", "--start=2020-01-01T00:00:00Z", "--end=2020-01-02T00:00:00Z"},
      {"silence", "add", "foo=bar", "-c", "x", "--start=2031-01-01T00:00:00Z", "--end=2030-01-02T00:00:00Z"},
      {"silence", "add", "foo=~(", "-c", "x"},
      {"silence", "add", "-c", "x"},
  };
  for (const auto& args : steps) {
    EXPECT_EQ(ours.run(args), real.run(args)) << ::testing::PrintToString(args);
  }
  // Updates: a pending silence's comment in place; then the active one,
  // which keeps its id too.
  for (const std::vector<std::string>& update :
       {std::vector<std::string>{"silence", "update", "<id2>", "--comment=moved"},
        std::vector<std::string>{"silence", "update", "<id1>", "--duration=3h"}}) {
    std::vector<std::string> ours_args = update, real_args = update;
    ours_args[2] = ours.id(update[2]);
    real_args[2] = real.id(update[2]);
    EXPECT_EQ(ours.run(ours_args), real.run(real_args)) << ::testing::PrintToString(update);
  }
  EXPECT_EQ(ours.run({"silence", "query", "-o", "extended"}), real.run({"silence", "query", "-o", "extended"}));
  // Expire the first and the pending second, then see them among the
  // expired. One command each: amtool sorts by the end to the millisecond,
  // and two expiries within one millisecond would tie.
  for (const char* placeholder : {"<id1>", "<id2>"}) {
    EXPECT_EQ(ours.run({"silence", "expire", ours.id(placeholder)}),
              real.run({"silence", "expire", real.id(placeholder)}));
  }
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"silence", "query"}, std::vector<std::string>{"silence", "query", "--expired"},
        std::vector<std::string>{"silence", "query", "--expired", "-o", "extended"},
        std::vector<std::string>{"silence", "query", "--expired", "-q"}}) {
    EXPECT_EQ(ours.run(args), real.run(args)) << ::testing::PrintToString(args);
  }
  EXPECT_EQ(ours.run({"silence", "expire", "00000000-0000-4000-8000-000000000000"}),
            real.run({"silence", "expire", "00000000-0000-4000-8000-000000000000"}));
  EXPECT_EQ(ours.run({"silence", "expire", "nope"}), real.run({"silence", "expire", "nope"}));
}

}  // namespace
}  // namespace vigil::api
