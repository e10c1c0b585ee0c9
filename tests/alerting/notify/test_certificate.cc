#include "alerting/notify/test_certificate.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>

namespace vigil::alerting::notify::testing {

TestCertificate::TestCertificate() {
  static std::atomic<int> count{0};
  dir_ = std::filesystem::temp_directory_path() /
         ("vigil-notify-cert-" + std::to_string(getpid()) + "-" + std::to_string(count++));
  std::filesystem::create_directories(dir_);
  cert_ = (dir_ / "cert.pem").string();
  key_ = (dir_ / "key.pem").string();
  std::string command = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ";
  command += key_ + " -out " + cert_ + " -days 1 -subj /CN=localhost -addext subjectAltName=DNS:localhost";
  command += " >/dev/null 2>&1";
  made_ = std::system(command.c_str()) == 0;
}

TestCertificate::~TestCertificate() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

}  // namespace vigil::alerting::notify::testing
