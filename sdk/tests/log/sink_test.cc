#include "vigil/log/sink.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

namespace vigil::log {
namespace {

TEST(FileDescriptorSinkTest, WritesEachLineWhole) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  {
    FileDescriptorSink sink(fds[1]);
    sink.write("{\"a\":1}\n");
    sink.write("{\"b\":2}\n");
  }
  ::close(fds[1]);
  std::string read;
  char buf[64];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) read.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  EXPECT_EQ(read, "{\"a\":1}\n{\"b\":2}\n");
}

TEST(FileDescriptorSinkTest, AClosedDescriptorIsNotAnError) {
  FileDescriptorSink sink(-1);
  sink.write("lost\n");  // must return, not throw or loop
}

TEST(MemorySinkTest, KeepsLinesInOrder) {
  MemorySink sink;
  sink.write("one\n");
  sink.write("two\n");
  EXPECT_EQ(sink.lines(), (std::vector<std::string>{"one\n", "two\n"}));
}

}  // namespace
}  // namespace vigil::log
