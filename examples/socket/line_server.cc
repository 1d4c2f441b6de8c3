// line_server: a tiny stand-in for `nc -lk 9999` for the socket word-count example.
// Listens on 127.0.0.1:PORT (default 9999), accepts any number of clients, and sends
// every client one line of made-up text every INTERVAL milliseconds (default 500):
//
//   line_server [--port P] [--interval-ms MS]
//
// With --stdin it forwards the lines of its standard input instead (as nc does), and
// exits when the input ends. Stops on SIGINT/SIGTERM.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

std::atomic<bool> g_stop{false};

void HandleSignal(int) { g_stop.store(true); }

constexpr std::array<std::string_view, 12> kWords = {"the",   "quick", "brown", "fox",  "jumps", "over",
                                                     "lazy",  "dog",   "spark", "sluice", "stream", "data"};

int Usage() {
  std::cerr << "usage: line_server [--port P] [--interval-ms MS] [--stdin]\n";
  return 2;
}

// Sends `line` to every client; drops clients whose connection is gone.
void Broadcast(std::vector<int>& clients, const std::string& line) {
  for (size_t i = 0; i < clients.size();) {
    ssize_t n = send(clients[i], line.data(), line.size(), MSG_NOSIGNAL);
    if (n != static_cast<ssize_t>(line.size())) {
      close(clients[i]);
      clients.erase(clients.begin() + static_cast<std::ptrdiff_t>(i));
      std::cerr << "line_server: client left\n";
    } else {
      ++i;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  int port = 9999;
  int interval_ms = 500;
  bool from_stdin = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--stdin") {
      from_stdin = true;
    } else if (arg == "--port" && i + 1 < argc) {
      port = std::atoi(argv[++i]);
    } else if (arg == "--interval-ms" && i + 1 < argc) {
      interval_ms = std::atoi(argv[++i]);
    } else {
      return Usage();
    }
  }
  if (port <= 0 || port > 65535 || interval_ms <= 0) return Usage();
  signal(SIGINT, HandleSignal);
  signal(SIGTERM, HandleSignal);

  int listener = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || listen(listener, 8) != 0) {
    std::cerr << "line_server: cannot listen on 127.0.0.1:" << port << ": " << std::strerror(errno) << '\n';
    return 1;
  }
  std::cerr << "line_server: listening on 127.0.0.1:" << port << '\n';

  std::vector<int> clients;
  std::mt19937 rng(std::random_device{}());
  std::uniform_int_distribution<size_t> word_dist(0, kWords.size() - 1);
  std::uniform_int_distribution<int> length_dist(3, 8);
  std::string pending;  // stdin text not yet ending in a newline
  while (!g_stop.load()) {
    std::array<pollfd, 2> fds{};
    fds[0] = {listener, POLLIN, 0};
    fds[1] = {from_stdin ? STDIN_FILENO : -1, POLLIN, 0};
    int ready = poll(fds.data(), fds.size(), interval_ms);
    if (ready < 0 && errno != EINTR) break;
    if (ready > 0 && (fds[0].revents & POLLIN)) {
      int client = accept(listener, nullptr, nullptr);
      if (client >= 0) {
        clients.push_back(client);
        std::cerr << "line_server: client connected\n";
      }
    }
    if (from_stdin) {
      if (ready > 0 && (fds[1].revents & (POLLIN | POLLHUP))) {
        char buf[4096];
        ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));
        if (n <= 0) break;
        pending.append(buf, static_cast<size_t>(n));
        size_t last_newline = pending.rfind('\n');
        if (last_newline != std::string::npos) {
          Broadcast(clients, pending.substr(0, last_newline + 1));
          pending.erase(0, last_newline + 1);
        }
      }
    } else if (ready == 0) {
      std::string line;
      for (int w = length_dist(rng); w > 0; --w) {
        if (!line.empty()) line += ' ';
        line += kWords[word_dist(rng)];
      }
      Broadcast(clients, line + '\n');
    }
  }
  for (int client : clients) close(client);
  close(listener);
  return 0;
}
