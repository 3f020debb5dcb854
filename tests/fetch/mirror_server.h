// SPDX-License-Identifier: Apache-2.0
//
// tests/support/mirror_server.py run as a child process on 127.0.0.1 (an ephemeral port) for the
// GoogleTest suites: serves a directory with ETag / Last-Modified / 304, logs requests, injects
// failures from <root>/_faults.json (see the script).
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace upkeep::testing {

class MirrorServerProcess {
 public:
  explicit MirrorServerProcess(const std::string& root) {
    int out[2];
    if (::pipe(out) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      ::close(out[0]);
      ::close(out[1]);
      ::execl(UPKEEP_PYTHON, UPKEEP_PYTHON, UPKEEP_MIRROR_SERVER, root.c_str(),
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out[1]);
    // "PORT <n>\n"
    std::string line;
    char c;
    while (::read(out[0], &c, 1) == 1 && c != '\n')
      line += c;
    ::close(out[0]);
    if (line.rfind("PORT ", 0) == 0) port_ = std::stoi(line.substr(5));
  }
  ~MirrorServerProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  MirrorServerProcess(const MirrorServerProcess&) = delete;
  MirrorServerProcess& operator=(const MirrorServerProcess&) = delete;

  bool ok() const { return port_ > 0; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace upkeep::testing
