// SPDX-License-Identifier: MIT
// Identifiers from the operating system's cryptographic random source.
#include "util/ids.h"

#include <sys/random.h>

#include <array>
#include <cstdint>
#include <system_error>

namespace logset::internal {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void FillRandom(uint8_t* out, size_t n) {
  // getrandom never returns short reads for requests of up to 256 bytes once the pool is seeded,
  // but loop anyway so a signal cannot leave bytes unset.
  size_t done = 0;
  while (done < n) {
    const ssize_t got = getrandom(out + done, n - done, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "getrandom");
    }
    done += static_cast<size_t>(got);
  }
}

std::string Hex(const uint8_t* bytes, size_t n) {
  std::string s(2 * n, '0');
  for (size_t i = 0; i < n; ++i) {
    s[2 * i] = kHex[bytes[i] >> 4];
    s[2 * i + 1] = kHex[bytes[i] & 0xf];
  }
  return s;
}

std::array<uint8_t, 16> UuidV4Bytes() {
  std::array<uint8_t, 16> b{};
  FillRandom(b.data(), b.size());
  b[6] = static_cast<uint8_t>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<uint8_t>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  return b;
}

bool IsLowerHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

}  // namespace

std::string NewLogId() {
  const auto b = UuidV4Bytes();
  return Hex(b.data(), b.size());
}

std::string NewUuid() {
  const std::string h = NewLogId();
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20);
}

std::string RandomHex(size_t n) {
  std::string bytes(n, '\0');
  FillRandom(reinterpret_cast<uint8_t*>(bytes.data()), n);
  return Hex(reinterpret_cast<const uint8_t*>(bytes.data()), n);
}

bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !IsLowerHex(s[i])) return false;
  }
  return true;
}

bool IsLogId(std::string_view s) {
  if (s.size() != 32) return false;
  for (char c : s) {
    if (!IsLowerHex(c)) return false;
  }
  return true;
}

}  // namespace logset::internal
