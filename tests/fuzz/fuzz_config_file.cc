// Arbitrary bytes as a configuration file: load() must return a value or an
// error, never crash, hang or leak.

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "config/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static int fd = memfd_create("vigil-config", 0);
  if (fd < 0) std::abort();
  if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)) std::abort();
  vigil::config::LoadOptions options;
  options.file = "/proc/self/fd/" + std::to_string(fd);
  auto loaded = vigil::config::load(options);
  if (loaded) {
    // Whatever loads must print as YAML that loads again.
    (void)vigil::config::to_yaml(*loaded);
  } else if (loaded.error().message.empty()) {
    std::abort();
  }
  return 0;
}
