#pragma once
// Where finished log lines go. A sink receives one complete JSON object plus
// '\n' per call and must write it atomically with respect to other lines.

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::log {

class Sink {
 public:
  virtual ~Sink() = default;
  virtual void write(std::string_view line) noexcept = 0;
};

// Writes each line with a single write(2) to a file descriptor (stderr by default).
class FileDescriptorSink final : public Sink {
 public:
  explicit FileDescriptorSink(int fd = 2) noexcept : fd_(fd) {}
  void write(std::string_view line) noexcept override;

 private:
  int fd_;
  std::mutex mu_;
};

// Keeps lines in memory; for tests.
class MemorySink final : public Sink {
 public:
  void write(std::string_view line) noexcept override;
  std::vector<std::string> lines() const;

 private:
  mutable std::mutex mu_;
  std::vector<std::string> lines_;
};

}  // namespace vigil::log
