// kill -9 at random moments — during appends, WAL rotation, checkpoints and
// start-up replay — loses no acknowledged sample, and the database opens
// again without manual repair. A child process (crash_child.cc) appends the
// crash workload and reports each acknowledged batch on stdout; after each
// kill the test opens the database itself and checks every sample.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <map>

#include <chrono>
#include <filesystem>
#include <cstdlib>
#include <random>
#include <string>

#include "storage/crash_workload.h"
#include "storage/database.h"
#include "support/vigil_process.h"

namespace vigil::storage {
namespace {

using namespace std::chrono_literals;
using Fsync = wal::WalOptions::Fsync;

constexpr int kRounds = 20;
constexpr int kMaintenanceEvery = 20;  // batches between checkpoints in the child

uint64_t seed() {
  const char* env = std::getenv("VIGIL_CRASH_SEED");
  return env != nullptr ? std::strtoull(env, nullptr, 10) : 20240611;
}

// Runs the child for `run_for`, then kill -9. Returns the highest batch it
// acknowledged, or -1.
int64_t run_and_kill(const std::string& dir, const char* fsync, int64_t first, std::chrono::milliseconds run_for) {
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) {
    ADD_FAILURE() << "pipe failed";
    return -1;
  }
  std::vector<std::string> argv{VIGIL_STORAGE_CRASH_CHILD, dir, fsync, std::to_string(first),
                                std::to_string(kMaintenanceEvery)};
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(out[1]);
  EXPECT_GT(pid, 0);

  // Reads while the child runs, so that a full pipe never stalls it.
  std::string text;
  auto read_some = [&](int timeout_ms) {
    pollfd p{out[0], POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return false;
    char buf[4096];
    ssize_t n = ::read(out[0], buf, sizeof buf);
    if (n <= 0) return false;
    text.append(buf, static_cast<size_t>(n));
    return true;
  };
  auto deadline = std::chrono::steady_clock::now() + run_for;
  for (auto now = std::chrono::steady_clock::now(); now < deadline; now = std::chrono::steady_clock::now()) {
    read_some(static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count()) + 1);
  }
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  while (read_some(1000)) {
  }
  ::close(out[0]);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "the child exited by itself (status " << status << ") before the kill";

  // Only whole lines count: the kill may cut the last one.
  int64_t acked = -1;
  size_t pos = 0;
  for (size_t end; (end = text.find('\n', pos)) != std::string::npos; pos = end + 1) {
    std::string line = text.substr(pos, end - pos);
    EXPECT_TRUE(line.starts_with("acked ")) << line;
    int64_t k = std::stoll(line.substr(6));
    EXPECT_EQ(k, acked < 0 ? first : acked + 1) << "batches are acknowledged in order";
    acked = k;
  }
  return acked;
}

// Opens the database as a restart would and checks that every series holds
// exactly batches 0..n-1 with their values, n covering everything acked.
// Returns n.
int64_t verify(const std::string& dir, int64_t highest_acked) {
  DatabaseOptions options;
  options.block_duration_ms = crash::kBlockDurationMs;
  options.maintenance_interval = std::chrono::milliseconds(0);
  auto db = Database::open(dir, options);
  EXPECT_TRUE(db) << "the database must open without repair: " << db.error().message;
  if (!db) return 0;
  // Samples live in the head and in blocks cut from it: read both.
  auto selected = (*db)->querier(INT64_MIN, INT64_MAX)
                      .select(std::vector{index::Matcher::make(index::Matcher::Type::equal, "__name__", "crash_test").value()});
  EXPECT_TRUE(selected) << selected.error().message;
  if (!selected) return 0;
  std::map<LabelSet, const std::vector<Sample>*> by_labels;
  for (const auto& series : *selected) by_labels[series.labels] = &series.samples;
  int64_t stored = -1;
  uint32_t missing = 0;
  for (uint32_t i = 0; i < crash::kSeries; ++i) {
    auto found = by_labels.find(crash::series_labels(i));
    if (found == by_labels.end()) {
      ++missing;
      continue;
    }
    const std::vector<Sample>& samples = *found->second;
    if (stored < 0) stored = static_cast<int64_t>(samples.size());
    // A batch is one WAL record: either all its series have it or none.
    EXPECT_EQ(static_cast<int64_t>(samples.size()), stored) << "series " << i;
    for (size_t k = 0; k < samples.size(); ++k) {
      const auto kk = static_cast<int64_t>(k);
      if (samples[k].t != crash::batch_time(kk) || samples[k].v != crash::sample_value(i, kk)) {
        ADD_FAILURE() << "series " << i << " sample " << k << ": (" << samples[k].t << ", " << samples[k].v
                      << "), want (" << crash::batch_time(kk) << ", " << crash::sample_value(i, kk) << ")";
        break;
      }
    }
  }
  // The series are created by the first batch, logged as one record.
  EXPECT_TRUE(missing == 0 || missing == crash::kSeries) << missing << " series are missing";
  stored = std::max<int64_t>(stored, 0);
  EXPECT_GT(stored, highest_acked) << "acknowledged batch " << highest_acked << " was lost; " << stored
                                   << " batches are stored";
  EXPECT_TRUE((*db)->close());
  return stored;
}

void crash_loop(const char* fsync) {
  const uint64_t s = seed();
  std::printf("crash loop, fsync %s: seed %llu (set VIGIL_CRASH_SEED to repeat)\n", fsync,
              static_cast<unsigned long long>(s));
  std::mt19937_64 rng(s);
  vigil::testing::TempDir tmp;
  const std::string dir = (tmp.path() / "data").string();
  int64_t next = 0;
  int64_t highest_acked = -1;
  for (int round = 0; round < kRounds && !::testing::Test::HasFailure(); ++round) {
    auto run_for = std::chrono::milliseconds(20 + rng() % 281);
    int64_t acked = run_and_kill(dir, fsync, next, run_for);
    highest_acked = std::max(highest_acked, acked);
    next = verify(dir, highest_acked);
    std::printf("round %d: ran %lld ms, acked up to %lld, %lld batches stored\n", round,
                static_cast<long long>(run_for.count()), static_cast<long long>(acked), static_cast<long long>(next));
  }
  EXPECT_GE(highest_acked, kMaintenanceEvery) << "the child should get through a checkpoint";
  // Enough batches for blocks to be cut and compacted while children died.
  EXPECT_GE(next * 1000, 3 * crash::kBlockDurationMs);
  EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(dir) / "blocks"));
  EXPECT_FALSE(std::filesystem::is_empty(std::filesystem::path(dir) / "blocks")) << "no block was ever cut";
}

TEST(CrashLoop, FsyncAlwaysLosesNoAcknowledgedSample) { crash_loop("always"); }

// A process crash leaves written data in the page cache: with `interval`
// only a power cut may lose the last interval, a kill loses nothing.
TEST(CrashLoop, FsyncIntervalLosesNothingOnAProcessCrash) { crash_loop("interval"); }

}  // namespace
}  // namespace vigil::storage
