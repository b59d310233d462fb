// SPDX-License-Identifier: MIT
// Running one piece of benchmark work in a forked child, so its memory stays out of the parent's.
#include "child_process.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <exception>

namespace logset::bench {

std::optional<std::string> RunInChild(const std::string& what,
                                      const std::function<std::string()>& work) {
  std::fflush(stdout);
  int fds[2];
  if (pipe(fds) != 0) return std::nullopt;
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return std::nullopt;
  }
  if (pid == 0) {
    close(fds[0]);
    int code = 1;
    try {
      const std::string result = work();
      const ssize_t written = write(fds[1], result.data(), result.size());
      code = written == static_cast<ssize_t>(result.size()) ? 0 : 1;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s failed: %s\n", what.c_str(), e.what());
    }
    std::fflush(stdout);
    _exit(code);
  }
  close(fds[1]);
  std::string result;
  char buffer[512];
  for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;) {
    result.append(buffer, static_cast<size_t>(n));
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  return result;
}

}  // namespace logset::bench
