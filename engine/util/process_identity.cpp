// SPDX-License-Identifier: MIT
// Process identities from /proc: boot id, pid and the process's start time in clock ticks.
#include "util/process_identity.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>

namespace logset::internal {
namespace {

std::optional<std::string> BootId() {
  std::ifstream in("/proc/sys/kernel/random/boot_id");
  std::string id;
  if (!(in >> id) || id.empty()) return std::nullopt;
  return id;
}

// Field 22 of /proc/<pid>/stat. The command name (field 2) is in parentheses and may itself hold
// spaces and parentheses, so fields are counted from the last ')'.
std::optional<std::string> StartTime(long pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  const std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t close = stat.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(stat.substr(close + 1));
  std::string field;
  // After ')' come field 3 (state) onwards: field 22 is the 20th.
  for (int i = 3; i <= 22; ++i) {
    if (!(fields >> field)) return std::nullopt;
  }
  return field;
}

std::string Compute() {
  const long pid = static_cast<long>(getpid());
  const auto boot = BootId();
  const auto start = StartTime(pid);
  if (!boot || !start) return "?/" + std::to_string(pid) + "/?";
  return *boot + "/" + std::to_string(pid) + "/" + *start;
}

}  // namespace

const std::string& ThisProcessIdentity() {
  // The identity of a forked child differs from its parent's, so it is not cached across fork.
  static thread_local long cached_pid = -1;
  static thread_local std::string cached;
  const long pid = static_cast<long>(getpid());
  if (pid != cached_pid) {
    cached = Compute();
    cached_pid = pid;
  }
  return cached;
}

ProcessState ProcessStateOf(const std::string& identity) {
  const size_t first = identity.find('/');
  const size_t second = first == std::string::npos ? first : identity.find('/', first + 1);
  if (second == std::string::npos) return ProcessState::kUnknown;
  const std::string boot = identity.substr(0, first);
  const std::string pid_text = identity.substr(first + 1, second - first - 1);
  const std::string start = identity.substr(second + 1);
  if (boot.empty() || start.empty() || boot == "?" || start == "?") return ProcessState::kUnknown;
  char* end = nullptr;
  const long pid = std::strtol(pid_text.c_str(), &end, 10);
  if (pid_text.empty() || *end != '\0' || pid <= 0) return ProcessState::kUnknown;
  const auto current_boot = BootId();
  if (!current_boot) return ProcessState::kUnknown;
  // A process of an earlier boot cannot be running now.
  if (*current_boot != boot) return ProcessState::kGone;
  const auto current_start = StartTime(pid);
  if (current_start) return *current_start == start ? ProcessState::kRunning : ProcessState::kGone;
  // /proc may hide other users' processes (mount option hidepid): ask the kernel instead.
  if (kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM) return ProcessState::kUnknown;
  return ProcessState::kGone;
}

}  // namespace logset::internal
