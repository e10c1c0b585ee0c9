#include "support/vigil_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/http_client.h"

namespace vigil::testing {
namespace {

std::string read_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Waits for `pid` up to `timeout`; returns the exit code, or -1 when it died
// by a signal; std::nullopt when still running at the deadline.
std::optional<int> wait_exit(pid_t pid, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (r < 0) return -1;
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// fork+exec with stdin from `in_path`, stdout/stderr to files.
pid_t spawn(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
            const std::string& in_path, const std::string& out_path, const std::string& err_path) {
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int in = ::open(in_path.empty() ? "/dev/null" : in_path.c_str(), O_RDONLY);
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  return pid;
}

CommandResult run_to_completion(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                                const std::string& input, std::chrono::seconds timeout) {
  TempDir dir;
  std::string in_path = input.empty() ? std::string() : dir.write("stdin", input);
  std::string out_path = (dir.path() / "stdout").string();
  std::string err_path = (dir.path() / "stderr").string();
  pid_t pid = spawn(argv, env, in_path, out_path, err_path);
  CommandResult result;
  auto code = wait_exit(pid, timeout);
  if (!code) {
    ::kill(pid, SIGKILL);
    wait_exit(pid, std::chrono::seconds(5));
  }
  result.exit_code = code.value_or(-1);
  result.out = read_whole(out_path);
  result.err = read_whole(err_path);
  return result;
}

}  // namespace

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot bind a free port");
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() /
          ("vigil-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::write(const std::string& name, const std::string& content) const {
  auto p = path_ / name;
  std::ofstream(p, std::ios::binary) << content;
  return p.string();
}

CommandResult run_vigil(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                        std::chrono::seconds timeout) {
  std::vector<std::string> argv{VIGIL_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_to_completion(argv, env, {}, timeout);
}

CommandResult run_program(const std::vector<std::string>& argv, const std::string& input,
                          std::chrono::seconds timeout) {
  return run_to_completion(argv, {}, input, timeout);
}

std::optional<std::string> find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string paths = path ? path : "/usr/bin:/bin";
  std::stringstream ss(paths);
  std::string dir;
  while (std::getline(ss, dir, ':')) {
    auto candidate = std::filesystem::path(dir) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return std::nullopt;
}

VigilProcess::VigilProcess(std::vector<std::string> extra_args, std::map<std::string, std::string> env,
                           std::optional<std::string> data_dir)
    : port_(free_port()),
      data_dir_(data_dir.value_or((dir_.path() / "data").string())),
      log_path_((dir_.path() / "vigil.log").string()) {
  std::vector<std::string> argv{VIGIL_BINARY, "serve", "--listen", "127.0.0.1:" + std::to_string(port_), "--data",
                                data_dir_};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  // OTLP's conventional ports would be shared by tests running in parallel:
  // any free port unless the test chooses.
  env.try_emplace("VIGIL_OTLP_HTTP_LISTEN", "127.0.0.1:0");
  env.try_emplace("VIGIL_OTLP_GRPC_LISTEN", "127.0.0.1:0");
  pid_ = spawn(argv, env, {}, (dir_.path() / "stdout").string(), log_path_);
}

VigilProcess::~VigilProcess() {
  if (pid_ > 0 && running()) {
    ::kill(pid_, SIGKILL);
    wait_exit(pid_, std::chrono::seconds(5));
  }
}

bool VigilProcess::running() {
  if (pid_ <= 0 || exit_code_ != -1) return false;
  auto code = wait_exit(pid_, std::chrono::milliseconds(0));
  if (code) {
    exit_code_ = *code;
    pid_ = -1;
    return false;
  }
  return true;
}

bool VigilProcess::wait_ready(std::chrono::seconds timeout, bool tls) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!running()) return false;
    auto res = tls ? https_get(port_, "/-/ready") : http_get(port_, "/-/ready");
    if (res && res->status == 200) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

int VigilProcess::stop(int signal, std::chrono::seconds timeout) {
  if (!running()) return exit_code_;
  ::kill(pid_, signal);
  auto code = wait_exit(pid_, timeout);
  if (!code) return -1;
  exit_code_ = *code;
  pid_ = -1;
  return exit_code_;
}

std::string VigilProcess::log() const { return read_whole(log_path_); }

}  // namespace vigil::testing
