// SPDX-License-Identifier: MIT
// The open-mode rule of API.md 2: a store without API keys is served on loopback only.
#include "http/listen_policy.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cctype>

#include "logset/error.h"
#include "util/ascii.h"

namespace logset::internal {
namespace {

bool IsLoopbackAddress(const sockaddr* addr) {
  if (addr->sa_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(addr);
    return (ntohl(v4->sin_addr.s_addr) >> 24) == 127;
  }
  if (addr->sa_family == AF_INET6) {
    const in6_addr& v6 = reinterpret_cast<const sockaddr_in6*>(addr)->sin6_addr;
    if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
    return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
  }
  return false;
}

}  // namespace

bool IsLoopbackHost(std::string_view host) {
  if (EqualsIgnoreAsciiCase(host, "localhost")) return true;
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) return false;
  // Parse the way cpp-httplib's bind does (getaddrinfo), but numerically only: a name other than
  // localhost could resolve differently tomorrow, so it never counts as loopback.
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE;
  addrinfo* result = nullptr;
  const std::string host_text(host);
  if (getaddrinfo(host_text.c_str(), nullptr, &hints, &result) != 0) return false;
  bool loopback = result != nullptr;
  for (const addrinfo* ai = result; ai != nullptr; ai = ai->ai_next) {
    loopback = loopback && IsLoopbackAddress(ai->ai_addr);
  }
  freeaddrinfo(result);
  return loopback;
}

void CheckListenPolicy(bool open_mode, const std::string& host, bool allow_open) {
  if (!open_mode || allow_open || IsLoopbackHost(host)) return;
  throw InvalidArgument(
      "serve.open_mode_exposed",
      "refusing to listen on '" + host +
          "' in open mode: the store has no API keys, so anyone who can reach the port could "
          "read and write it. Add a key (`logset keys add`, or `--api-key KEY`), listen on "
          "127.0.0.1, or pass --allow-open to accept the risk.");
}

}  // namespace logset::internal
