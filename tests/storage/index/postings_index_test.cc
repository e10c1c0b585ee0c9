// Selection by matcher combinations, against a brute-force evaluation.

#include "storage/index/postings_index.h"

#include <gtest/gtest.h>

#include <random>

namespace vigil::storage::index {
namespace {

using T = Matcher::Type;

struct Fixture {
  PostingsIndex index;
  std::vector<LabelSet> series;  // ref = position + 1

  Fixture() {
    const char* jobs[] = {"api", "web", "db"};
    const char* envs[] = {"prod", "dev"};
    uint64_t ref = 1;
    for (int i = 0; i < 60; ++i) {
      std::vector<Label> l{{"__name__", i % 2 ? "up" : "http_requests_total"}, {"job", jobs[i % 3]},
                           {"instance", "host-" + std::to_string(i % 7)}};
      if (i % 4 != 0) l.push_back({"env", envs[i % 2]});  // some series lack env
      series.push_back(LabelSet::from(l).value());
      index.add(ref++, series.back());
    }
  }

  std::vector<uint64_t> brute(const std::vector<Matcher>& ms) const {
    std::vector<uint64_t> out;
    for (size_t i = 0; i < series.size(); ++i) {
      bool ok = true;
      for (const auto& m : ms) ok = ok && m.matches(series[i].get(m.name()));
      if (ok) out.push_back(i + 1);
    }
    return out;
  }
};

Matcher m(T t, std::string n, std::string v) { return Matcher::make(t, std::move(n), std::move(v)).value(); }

TEST(PostingsIndex, MatcherCombinationsAgreeWithBruteForce) {
  Fixture f;
  std::vector<std::vector<Matcher>> cases = {
      {m(T::equal, "__name__", "up")},
      {m(T::equal, "__name__", "up"), m(T::equal, "job", "api")},
      {m(T::equal, "__name__", "up"), m(T::not_equal, "job", "api")},
      {m(T::regex, "job", "api|db"), m(T::not_regex, "instance", "host-[12]")},
      {m(T::equal, "__name__", "up"), m(T::equal, "env", "")},           // series without env
      {m(T::equal, "__name__", "up"), m(T::not_equal, "env", "")},       // series with env
      {m(T::equal, "__name__", "up"), m(T::regex, "env", "prod|")},      // prod or no env
      {m(T::equal, "__name__", "up"), m(T::not_regex, "env", "dev")},    // not dev, incl. no env
      {m(T::regex, "job", ".+")},
      {m(T::equal, "job", "nope")},
      {m(T::equal, "missing", "x")},
      {m(T::equal, "__name__", "up"), m(T::regex, "missing", ".*")},
  };
  for (const auto& c : cases) {
    std::string desc;
    for (const auto& x : c) desc += x.to_string() + " ";
    EXPECT_EQ(f.index.select(c), f.brute(c)) << desc;
  }
}

TEST(PostingsIndex, RandomCombinations) {
  Fixture f;
  std::mt19937 rng(3);
  const char* names[] = {"__name__", "job", "env", "instance", "missing"};
  const char* values[] = {"up", "api", "web", "prod", "dev", "", "host-3", "h.*", ".*", "a.*|d.*"};
  for (int round = 0; round < 500; ++round) {
    std::vector<Matcher> c;
    size_t count = 1 + rng() % 3;
    for (size_t i = 0; i < count; ++i) {
      c.push_back(m(static_cast<T>(rng() % 4), names[rng() % 5], values[rng() % 10]));
    }
    bool all_match_empty = true;
    for (const auto& x : c) all_match_empty = all_match_empty && x.matches_empty();
    auto expected = f.brute(c);
    EXPECT_EQ(f.index.select(c), expected);
    (void)all_match_empty;
  }
}

TEST(PostingsIndex, LabelNamesAndValues) {
  Fixture f;
  EXPECT_EQ(f.index.label_names(), (std::vector<std::string>{"__name__", "env", "instance", "job"}));
  EXPECT_EQ(f.index.label_values("job"), (std::vector<std::string>{"api", "db", "web"}));
  EXPECT_TRUE(f.index.label_values("missing").empty());
  EXPECT_EQ(f.index.num_series(), 60u);
  EXPECT_TRUE(f.index.select({}).empty());
}

TEST(PostingsIndex, RemoveTakesSeriesOutOfEveryList) {
  Fixture f;
  // Remove every series of job "db" and every fifth other one.
  std::vector<PostingsIndex::Entry> removed;
  std::vector<bool> gone(f.series.size());
  for (size_t i = 0; i < f.series.size(); ++i) {
    if (f.series[i].get("job") == "db" || i % 5 == 1) {
      removed.push_back({i + 1, f.series[i]});
      gone[i] = true;
    }
  }
  f.index.remove(removed);
  std::vector<std::vector<Matcher>> cases = {
      {m(T::equal, "__name__", "up")},
      {m(T::regex, "job", ".+")},
      {m(T::equal, "__name__", "up"), m(T::equal, "env", "")},
      {m(T::not_regex, "instance", "host-[12]"), m(T::regex, "__name__", ".+")},
  };
  for (const auto& c : cases) {
    std::vector<uint64_t> expected;
    for (uint64_t ref : f.brute(c)) {
      if (!gone[ref - 1]) expected.push_back(ref);
    }
    EXPECT_EQ(f.index.select(c), expected) << c[0].to_string();
  }
  EXPECT_EQ(f.index.label_values("job"), (std::vector<std::string>{"api", "web"}));
  EXPECT_EQ(f.index.num_series(), f.series.size() - removed.size());
  // Removing what is not there is harmless.
  f.index.remove(removed);
  EXPECT_EQ(f.index.num_series(), f.series.size() - removed.size());
  EXPECT_GT(f.index.memory_bytes(), 0u);
}

TEST(PostingsIndex, RemovingEverySeriesLeavesNoNames) {
  Fixture f;
  std::vector<PostingsIndex::Entry> all;
  for (size_t i = 0; i < f.series.size(); ++i) all.push_back({i + 1, f.series[i]});
  f.index.remove(all);
  EXPECT_TRUE(f.index.label_names().empty());
  EXPECT_EQ(f.index.num_series(), 0u);
  EXPECT_TRUE(f.index.select(std::vector{m(T::regex, "job", ".+")}).empty());
}

}  // namespace
}  // namespace vigil::storage::index
