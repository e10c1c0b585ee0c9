#pragma once
// Starts the real `vigil` binary as a child process for integration tests,
// on a free loopback port and a temporary data directory.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace vigil::testing {

// A TCP port on 127.0.0.1 that was free a moment ago.
int free_port();

// A directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  // Writes `content` to path()/name and returns the full path.
  std::string write(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

struct CommandResult {
  int exit_code = -1;  // -1 when killed by a signal or timed out
  std::string out;
  std::string err;
};

// Runs `vigil <args>` to completion (at most `timeout`), capturing output.
CommandResult run_vigil(const std::vector<std::string>& args,
                        const std::map<std::string, std::string>& env = {},
                        std::chrono::seconds timeout = std::chrono::seconds(30));

// Runs any program with `input` on stdin, capturing output.
CommandResult run_program(const std::vector<std::string>& argv, const std::string& input = {},
                          std::chrono::seconds timeout = std::chrono::seconds(30));

std::optional<std::string> find_program(const std::string& name);

class VigilProcess {
 public:
  // Starts `vigil serve --listen 127.0.0.1:<free port> --data <tmp> <extra_args>`;
  // with `data_dir`, on that directory instead of a fresh one. The OTLP
  // listeners get any free port unless `env` sets VIGIL_OTLP_HTTP_LISTEN /
  // VIGIL_OTLP_GRPC_LISTEN.
  explicit VigilProcess(std::vector<std::string> extra_args = {},
                        std::map<std::string, std::string> env = {},
                        std::optional<std::string> data_dir = std::nullopt);
  ~VigilProcess();  // SIGKILL if still running

  int port() const { return port_; }
  const std::string& data_dir() const { return data_dir_; }

  // Polls GET /-/ready until 200 or the timeout; false if the process exited.
  bool wait_ready(std::chrono::seconds timeout = std::chrono::seconds(20), bool tls = false);
  // Sends `signal` and waits for exit; returns the exit code, -1 on timeout or death by signal.
  int stop(int signal, std::chrono::seconds timeout = std::chrono::seconds(20));
  // Everything the process wrote to stderr so far (its JSON log).
  std::string log() const;
  bool running();

 private:
  TempDir dir_;
  int port_;
  std::string data_dir_;
  std::string log_path_;
  pid_t pid_ = -1;
  int exit_code_ = -1;
};

}  // namespace vigil::testing
