#pragma once
// A throwaway self-signed certificate for "localhost", made with the
// `openssl` command in a temporary directory removed at destruction.

#include <filesystem>
#include <string>

namespace vigil::alerting::notify::testing {

class TestCertificate {
 public:
  TestCertificate();
  ~TestCertificate();
  TestCertificate(const TestCertificate&) = delete;
  TestCertificate& operator=(const TestCertificate&) = delete;

  bool made() const { return made_; }  // false: openssl failed or is missing
  const std::string& cert_file() const { return cert_; }
  const std::string& key_file() const { return key_; }

 private:
  std::filesystem::path dir_;
  std::string cert_, key_;
  bool made_ = false;
};

}  // namespace vigil::alerting::notify::testing
