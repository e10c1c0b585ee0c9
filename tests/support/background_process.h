#pragma once
// A program running in the background with its output in a file; killed
// with the test process (PR_SET_PDEATHSIG) or at destruction, whichever
// comes first, so it never outlives the test.

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace vigil::testing {

class BackgroundProcess {
 public:
  BackgroundProcess(const std::vector<std::string>& argv, const std::string& log_path);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  // SIGTERM, then SIGKILL after `timeout`; true when it exited by itself.
  bool stop(std::chrono::seconds timeout);
  std::string log() const;

 private:
  std::string log_path_;
  pid_t pid_ = -1;
  bool exited_ = false;
};

}  // namespace vigil::testing
