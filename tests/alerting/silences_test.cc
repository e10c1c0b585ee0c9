// Silences as Alertmanager 0.25 keeps them. The expected behaviour of
// updates, expiry and validation was read from the real
// prometheus-alertmanager 0.25 (its v2 API on 127.0.0.1).

#include "alerting/silences.h"

#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include <gtest/gtest.h>

#include "alerting/silence_snapshot.h"

namespace vigil::alerting {
namespace {

using namespace std::chrono_literals;

const TimePoint kStart = std::chrono::sys_days{std::chrono::year(2026) / 12 / 6} + 9h;

class SilencesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("vigil-silences-" + std::to_string(::getpid()) + "-" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  SilencesOptions options(bool persisted = true) {
    SilencesOptions o;
    if (persisted) o.snapshot_file = dir_ / "silences";
    o.clock = [this] { return now_; };
    return o;
  }
  std::unique_ptr<Silences> open(bool persisted = true) {
    auto silences = Silences::open(options(persisted));
    EXPECT_TRUE(silences.has_value()) << (silences ? "" : silences.error().message);
    return silences ? std::move(*silences) : nullptr;
  }

  static PostableSilence posted(std::vector<MatcherSpec> matchers, TimePoint starts, TimePoint ends) {
    return PostableSilence{"", std::move(matchers), starts, ends, "me", "why"};
  }
  static MatcherSpec eq(std::string name, std::string value) { return {MatchType::equal, name, value}; }

  std::filesystem::path dir_;
  TimePoint now_ = kStart;
};

TEST_F(SilencesTest, CreateGivesUuidAndStartsNowAtTheEarliest) {
  auto silences = open();
  auto id = silences->set(posted({eq("job", "api")}, kStart - 1h, kStart + 1h));
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(id->size(), 36u);
  EXPECT_EQ((*id)[14], '4');
  auto got = silences->get(*id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->starts_at, kStart);
  EXPECT_EQ(got->updated_at, kStart);
  EXPECT_EQ(got->created_by, "me");
  EXPECT_EQ(got->state_at(now_), SilenceState::active);
  EXPECT_NE(*silences->set(posted({eq("job", "api")}, kStart, kStart + 1h)), *id);
}

TEST_F(SilencesTest, StatesFollowTheTime) {
  Silence s;
  s.starts_at = kStart;
  s.ends_at = kStart + 1h;
  EXPECT_EQ(s.state_at(kStart - 1ns), SilenceState::pending);
  EXPECT_EQ(s.state_at(kStart), SilenceState::active);
  EXPECT_EQ(s.state_at(kStart + 1h), SilenceState::active);
  EXPECT_EQ(s.state_at(kStart + 1h + 1ns), SilenceState::expired);
  EXPECT_STREQ(to_string(SilenceState::pending), "pending");
}

TEST_F(SilencesTest, ValidationMessagesAreAlertmanagers) {
  auto silences = open(false);
  const auto message = [&](PostableSilence p) {
    auto id = silences->set(p);
    return id ? std::string("ok") : id.error().message;
  };
  EXPECT_EQ(message(posted({eq("a", "x")}, kStart + 1h, kStart + 1h)),
            "Failed to create silence: start time must be before end time");
  EXPECT_EQ(message(posted({eq("a", "x")}, kStart - 2h, kStart - 1h)),
            "Failed to create silence: end time can't be in the past");
  EXPECT_EQ(message(posted({}, kStart, kStart + 1h)), "silence invalid: at least one matcher required");
  EXPECT_EQ(message(posted({eq("a", "")}, kStart, kStart + 1h)),
            "silence invalid: at least one matcher must not match the empty string");
  EXPECT_EQ(message(posted({{MatchType::regexp, "a", ".*"}, {MatchType::not_equal, "b", "x"}}, kStart, kStart + 1h)),
            "silence invalid: at least one matcher must not match the empty string");
  EXPECT_EQ(message(posted({eq("a", "x"), {MatchType::regexp, "b", "("}}, kStart, kStart + 1h)),
            "silence invalid: invalid label matcher 1: invalid regular expression \"(\": error parsing regexp: "
            "missing closing ): `(`");
  EXPECT_EQ(message(posted({eq("a b", "x")}, kStart, kStart + 1h)),
            "silence invalid: invalid label matcher 0: invalid label name \"a b\"");
  EXPECT_EQ(message(posted({eq("", "x")}, kStart, kStart + 1h)),
            "silence invalid: invalid label matcher 0: invalid label name \"\"");
  EXPECT_EQ(message(posted({eq("a", "\xff")}, kStart, kStart + 1h)),
            "silence invalid: invalid label matcher 0: invalid label value \"\\xff\"");
  // An unknown id is reported before the matchers are looked at.
  auto unknown = posted({eq("a", "")}, kStart, kStart + 1h);
  unknown.id = "00000000-0000-4000-8000-000000000000";
  auto id = silences->set(unknown);
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().kind, ErrorKind::not_found);
  EXPECT_EQ(id.error().message, "silence not found");
  EXPECT_EQ(silences->version(), 0u);
}

TEST_F(SilencesTest, ActiveSilenceUpdatesInPlaceOnlyKeepingItsStart) {
  auto silences = open(false);
  const std::string id = *silences->set(posted({eq("job", "x")}, kStart, kStart + 1h));
  now_ += 10min;
  auto update = posted({eq("job", "x")}, kStart + 300ms, kStart + 2h);  // same second
  update.id = id;
  update.comment = "longer";
  EXPECT_EQ(*silences->set(update), id);
  auto got = *silences->get(id);
  EXPECT_EQ(got.ends_at, kStart + 2h);
  EXPECT_EQ(got.comment, "longer");
  EXPECT_EQ(got.updated_at, now_);

  // A new start replaces it: the old one ends now, a new id starts now.
  now_ += 1min;
  update.starts_at = kStart - 1h;
  const std::string replacement = *silences->set(update);
  EXPECT_NE(replacement, id);
  EXPECT_EQ(silences->get(id)->ends_at, now_);
  EXPECT_EQ(silences->get(id)->state_at(now_ + 1ns), SilenceState::expired);
  EXPECT_EQ(silences->get(replacement)->starts_at, now_);

  // Other matchers replace too.
  update.id = replacement;
  update.matchers = {eq("job", "y")};
  EXPECT_NE(*silences->set(update), replacement);
}

TEST_F(SilencesTest, PendingSilenceMayMoveItsStartButNotIntoThePast) {
  auto silences = open(false);
  const std::string id = *silences->set(posted({eq("job", "y")}, kStart + 1h, kStart + 3h));
  auto update = posted({eq("job", "y")}, kStart + 2h, kStart + 3h);
  update.id = id;
  EXPECT_EQ(*silences->set(update), id);
  EXPECT_EQ(silences->get(id)->starts_at, kStart + 2h);
  update.starts_at = kStart - 1h;
  const std::string replacement = *silences->set(update);
  EXPECT_NE(replacement, id);
  // The pending one is expired by starting and ending now.
  EXPECT_EQ(silences->get(id)->starts_at, now_);
  EXPECT_EQ(silences->get(id)->ends_at, now_);
}

TEST_F(SilencesTest, ExpiredSilenceIsNeverUpdatedInPlace) {
  auto silences = open(false);
  const std::string id = *silences->set(posted({eq("job", "z")}, kStart, kStart + 1h));
  ASSERT_TRUE(silences->expire(id));
  now_ += 1s;
  auto update = posted({eq("job", "z")}, kStart, kStart + 5h);
  update.id = id;
  const std::string other = *silences->set(update);
  EXPECT_NE(other, id);
  EXPECT_EQ(silences->get(id)->ends_at, kStart);  // untouched
}

TEST_F(SilencesTest, ExpireActivePendingExpiredAndUnknown) {
  auto silences = open(false);
  const std::string active = *silences->set(posted({eq("a", "1")}, kStart, kStart + 1h));
  const std::string pending = *silences->set(posted({eq("a", "2")}, kStart + 1h, kStart + 2h));
  now_ += 5min;
  ASSERT_TRUE(silences->expire(active));
  EXPECT_EQ(silences->get(active)->ends_at, now_);
  EXPECT_EQ(silences->get(active)->starts_at, kStart);
  ASSERT_TRUE(silences->expire(pending));
  EXPECT_EQ(silences->get(pending)->starts_at, now_);
  EXPECT_EQ(silences->get(pending)->ends_at, now_);
  EXPECT_EQ(silences->get(pending)->updated_at, now_);
  // Alertmanager 0.25 answers success for an expired one and leaves it.
  now_ += 1min;
  const uint64_t version = silences->version();
  EXPECT_TRUE(silences->expire(active));
  EXPECT_EQ(silences->version(), version);
  EXPECT_EQ(silences->get(active)->ends_at, now_ - 1min);
  auto unknown = silences->expire("nope");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "silence not found");
}

TEST_F(SilencesTest, ListFiltersOnTheSilencesOwnMatchersAndSortsAsAlertmanager) {
  auto silences = open(false);
  const std::string a = *silences->set(posted({eq("job", "x"), eq("env", "prod")}, kStart, kStart + 3h));
  const std::string b = *silences->set(posted({eq("job", "x")}, kStart, kStart + 2h));
  const std::string c = *silences->set(posted({{MatchType::regexp, "job", "x"}}, kStart + 2h, kStart + 4h));
  const std::string d = *silences->set(posted({eq("job", "y")}, kStart + 1h, kStart + 4h));
  const std::string e = *silences->set(posted({eq("job", "old")}, kStart, kStart + 4h));
  const std::string f = *silences->set(posted({eq("job", "older")}, kStart, kStart + 4h));
  ASSERT_TRUE(silences->expire(f));
  now_ += 1s;
  ASSERT_TRUE(silences->expire(e));
  now_ += 1s;
  std::vector<std::string> ids;
  for (const Silence& s : silences->list({}, now_)) ids.push_back(s.id);
  EXPECT_EQ(ids, (std::vector<std::string>{b, a, d, c, e, f}));

  const auto filtered = [&](std::string_view text) {
    std::vector<std::string> out;
    for (const Silence& s : silences->list({*parse_matcher(text)}, now_)) out.push_back(s.id);
    return out;
  };
  EXPECT_EQ(filtered(R"(job="x")"), (std::vector<std::string>{b, a}));
  EXPECT_EQ(filtered(R"(job=~"x")"), (std::vector<std::string>{c}));
  EXPECT_EQ(filtered(R"(env="prod")"), (std::vector<std::string>{a}));
  EXPECT_TRUE(filtered(R"(foo="")").empty());
}

TEST_F(SilencesTest, MutesNamesActiveMatchingSilencesAndFollowsChanges) {
  auto silences = open(false);
  const std::string by_job = *silences->set(posted({eq("job", "api")}, kStart, kStart + 1h));
  const std::string by_regex =
      *silences->set(posted({{MatchType::regexp, "env", "prod|staging"}}, kStart, kStart + 2h));
  const std::string later = *silences->set(posted({eq("job", "api")}, kStart + 30min, kStart + 2h));
  const Labels alert{{"job", "api"}, {"env", "prod"}};
  std::vector<std::string> expected{by_job, by_regex};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(silences->mutes(alert, now_), expected);
  EXPECT_EQ(silences->mutes({{"job", "web"}}, now_), std::vector<std::string>{});
  // Time alone changes states: the cached matches are rechecked.
  expected = {by_regex, later};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(silences->mutes(alert, kStart + 90min), expected);
  ASSERT_TRUE(silences->expire(by_regex));
  EXPECT_EQ(silences->mutes(alert, kStart + 90min), std::vector<std::string>{later});
}

TEST_F(SilencesTest, MutesIsFastForManyAlertsAndSilences) {
  auto silences = open(false);
  std::mt19937 random(7);
  for (int i = 0; i < 1000; ++i) {
    std::vector<MatcherSpec> matchers;
    if (i % 10 == 0) {
      matchers = {{MatchType::regexp, "instance", "host-" + std::to_string(i) + "[0-9]"}};
    } else {
      matchers = {eq("service", "svc-" + std::to_string(i % 200)), {MatchType::not_equal, "env", "dev"}};
    }
    ASSERT_TRUE(silences->set(posted(std::move(matchers), kStart, kStart + 1h)));
  }
  const auto started = std::chrono::steady_clock::now();
  size_t muted = 0;
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 10000; ++i) {
      const Labels alert{{"alertname", "HighLatency"},
                         {"service", "svc-" + std::to_string(i % 400)},
                         {"instance", "host-" + std::to_string(i)},
                         {"env", i % 3 == 0 ? "dev" : "prod"}};
      muted += silences->mutes(alert, now_).empty() ? 0 : 1;
    }
  }
  const auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_GT(muted, 0u);
  EXPECT_LT(elapsed, 5s) << "20,000 lookups against 1,000 silences";
}

TEST_F(SilencesTest, ExpiredSilencesAreDroppedAfterTheRetention) {
  auto o = options(false);
  o.retention = 2h;
  auto silences = std::move(*Silences::open(o));
  const std::string id = *silences->set(posted({eq("a", "1")}, kStart, kStart + 1h));
  now_ = kStart + 3h;
  EXPECT_EQ(*silences->collect_garbage(), 0u);
  now_ = kStart + 3h + 1s;
  EXPECT_EQ(*silences->collect_garbage(), 1u);
  EXPECT_FALSE(silences->get(id));
}

TEST_F(SilencesTest, EveryChangeIsOnDiskAndReadBack) {
  std::string active, pending, expired;
  {
    auto silences = open();
    active = *silences->set(PostableSilence{"",
                                            {eq("job", "api"), {MatchType::not_regexp, "env", "dev|test"}},
                                            kStart,
                                            kStart + 1h,
                                            "ops \"team\"",
                                            "deploy\nwindow"});
    pending = *silences->set(posted({{MatchType::not_equal, "x", "1"}, eq("y", "2")}, kStart + 1h, kStart + 2h));
    expired = *silences->set(posted({eq("z", "3")}, kStart, kStart + 1h));
    ASSERT_TRUE(silences->expire(expired));
  }
  now_ += 1s;
  auto reopened = open();
  ASSERT_TRUE(reopened);
  auto all = reopened->list({}, now_);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].id, active);
  EXPECT_EQ(all[0].created_by, "ops \"team\"");
  EXPECT_EQ(all[0].comment, "deploy\nwindow");
  EXPECT_EQ(matchers_text(all[0].matchers), R"({job="api",env!~"dev|test"})");
  EXPECT_EQ(all[1].id, pending);
  EXPECT_EQ(all[2].id, expired);
  EXPECT_EQ(reopened->mutes({{"job", "api"}, {"env", "prod"}}, now_), std::vector<std::string>{active});
  EXPECT_FALSE(std::filesystem::exists(dir_ / "silences.tmp"));
}

TEST_F(SilencesTest, AFailedWriteChangesNothing) {
  auto o = options();
  o.snapshot_file = dir_ / "no-such-dir" / "silences";
  auto silences = std::move(*Silences::open(o));
  auto id = silences->set(posted({eq("job", "api")}, kStart, kStart + 1h));
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().kind, ErrorKind::io);
  EXPECT_NE(id.error().message.find("no-such-dir/silences.tmp"), std::string::npos) << id.error().message;
  EXPECT_EQ(silences->version(), 0u);
  EXPECT_TRUE(silences->list({}, now_).empty());
  EXPECT_TRUE(silences->mutes({{"job", "api"}}, now_).empty());
}

TEST_F(SilencesTest, DamagedFileIsReportedAndLeftAlone) {
  {
    auto silences = open();
    ASSERT_TRUE(silences->set(posted({eq("job", "api")}, kStart, kStart + 1h)));
    ASSERT_TRUE(silences->set(posted({eq("job", "web")}, kStart, kStart + 1h)));
  }
  const auto path = dir_ / "silences";
  const auto size = std::filesystem::file_size(path);
  std::string bytes(size, '\0');
  std::ifstream(path, std::ios::binary).read(bytes.data(), static_cast<std::streamsize>(size));

  const auto open_with = [&](const std::string& content) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
    auto silences = Silences::open(options());
    return silences ? std::string("opened") : silences.error().message;
  };
  std::string flipped = bytes;
  flipped[size - 3] ^= 0x20;
  const std::string prefix = "silences file " + path.string() + " is damaged at byte ";
  EXPECT_TRUE(open_with(flipped).starts_with(prefix)) << open_with(flipped);
  EXPECT_TRUE(open_with(flipped).ends_with(": record checksum mismatch"));
  EXPECT_TRUE(open_with(bytes.substr(0, size - 5)).ends_with(": record is truncated"));
  EXPECT_EQ(open_with("garbage"), prefix + "0: not a Vigil silences file (bad magic)");
  EXPECT_EQ(open_with(""), prefix + "0: not a Vigil silences file (bad magic)");
  // The file stays as it was found, for someone to look at.
  EXPECT_EQ(std::filesystem::file_size(path), 0u);
  EXPECT_EQ(open_with(bytes), "opened");
  EXPECT_EQ(Silences::open(options())->get()->list({}, now_).size(), 2u);
}

TEST_F(SilencesTest, SnapshotDecoderRejectsEveryTruncation) {
  const std::string bytes = encode_silence_snapshot(
      {Silence{"id-1", {*Matcher::make(MatchType::regexp, "a", "b+")}, kStart, kStart + 1h, kStart, "me", "c"}});
  for (size_t n = 0; n < bytes.size(); ++n) {
    auto decoded = decode_silence_snapshot(bytes.substr(0, n), "f");
    if (n == kSilenceSnapshotMagic.size()) {
      EXPECT_TRUE(decoded && decoded->empty());
    } else {
      EXPECT_FALSE(decoded) << n;
    }
  }
  auto decoded = decode_silence_snapshot(bytes, "f");
  ASSERT_TRUE(decoded);
  ASSERT_EQ(decoded->size(), 1u);
  EXPECT_EQ((*decoded)[0].matchers[0].to_string(), "a=~\"b+\"");
}

TEST_F(SilencesTest, ConcurrentWritersAndReaders) {
  auto silences = open();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        auto id = silences->set(posted({eq("t", std::to_string(t)), eq("i", std::to_string(i))}, kStart, kStart + 1h));
        ASSERT_TRUE(id);
        EXPECT_FALSE(silences->mutes({{"t", std::to_string(t)}, {"i", std::to_string(i)}}, kStart).empty());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(silences->list({}, now_).size(), 100u);
  EXPECT_EQ(open()->list({}, now_).size(), 100u);
}

}  // namespace
}  // namespace vigil::alerting
