// SPDX-License-Identifier: MIT
// The open-mode rule of API.md 2: a store without API keys is served on loopback only.
#ifndef LOGSET_ENGINE_HTTP_LISTEN_POLICY_H_
#define LOGSET_ENGINE_HTTP_LISTEN_POLICY_H_

#include <string>
#include <string_view>

namespace logset::internal {

/// True when `host` can only be reached from this machine: `localhost` (any case), or a numeric
/// address in 127.0.0.0/8 or ::1 (also `[::1]`, `::ffff:127.x.x.x`, and the short IPv4 forms
/// the resolver accepts, such as `127.1`). Any other name is false without a DNS lookup, as are
/// the wildcards `0.0.0.0` and `::`.
bool IsLoopbackHost(std::string_view host);

/// Enforces the rule for a server about to listen on `host`. Throws InvalidArgument, with one line
/// saying why and how to fix it, when `open_mode` (the store has no API keys), `host` is not
/// loopback and `allow_open` is false.
void CheckListenPolicy(bool open_mode, const std::string& host, bool allow_open);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_HTTP_LISTEN_POLICY_H_
