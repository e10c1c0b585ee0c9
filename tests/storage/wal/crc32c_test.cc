#include "storage/wal/crc32c.h"

#include <gtest/gtest.h>

#include <random>
#include <string_view>

namespace vigil::storage::wal {
namespace {

std::span<const uint8_t> bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

TEST(Crc32c, KnownVectors) {
  // RFC 3720 (iSCSI) appendix B.4 and the common check value.
  EXPECT_EQ(crc32c(bytes("123456789")), 0xe3069283u);
  EXPECT_EQ(crc32c(bytes("")), 0u);
  std::vector<uint8_t> zeros(32, 0), ones(32, 0xff), inc(32);
  for (int i = 0; i < 32; ++i) inc[static_cast<size_t>(i)] = static_cast<uint8_t>(i);
  EXPECT_EQ(crc32c(zeros), 0x8a9136aau);
  EXPECT_EQ(crc32c(ones), 0x62a8ab43u);
  EXPECT_EQ(crc32c(inc), 0x46dd794eu);
}

TEST(Crc32c, HardwareAndTableAgreeAndChain) {
  std::mt19937_64 rng(1);
  for (int round = 0; round < 200; ++round) {
    std::vector<uint8_t> data(rng() % 300);
    for (auto& b : data) b = static_cast<uint8_t>(rng());
    uint32_t whole = crc32c(data);
    EXPECT_EQ(whole, crc32c_portable(data));
    size_t cut = data.empty() ? 0 : rng() % data.size();
    std::span<const uint8_t> all(data);
    EXPECT_EQ(crc32c(all.subspan(cut), crc32c(all.first(cut))), whole);
  }
}

}  // namespace
}  // namespace vigil::storage::wal
