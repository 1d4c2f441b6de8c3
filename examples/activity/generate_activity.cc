// activity_generator: writes a JSON Lines file of made-up user activity into a folder
// every few seconds, for the activity examples (examples/pipelines/activity.sql and
// examples/cpp/activity_example.cc).
//
//   activity_generator DIR [--interval-seconds S] [--rows N] [--files MAX]
//
// Each file holds N records (default 20), one JSON object per line:
//   {"user_id":"user_7","activity_type":"click","timestamp":"2024-01-01T10:00:00.123Z",
//    "page_url":"/products/42","session_id":"user_7-s3"}
// Files are written under a hidden name (".tmp-...") and then renamed, so a streaming
// file source never reads half a file. Runs until MAX files are written (default: no
// limit) or until SIGINT/SIGTERM.
#include <signal.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <string_view>
#include <thread>

namespace {

std::atomic<bool> g_stop{false};

void HandleSignal(int) { g_stop.store(true); }

constexpr std::array<std::string_view, 6> kActivityTypes = {"view",   "view",     "click",
                                                            "click",  "purchase", "add_to_cart"};
constexpr std::array<std::string_view, 5> kPages = {"/home", "/search", "/products/", "/cart",
                                                    "/checkout"};
constexpr int kUsers = 15;

// Milliseconds since the epoch as "2024-01-01T10:00:00.123Z".
std::string FormatTimestamp(int64_t epoch_ms) {
  std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[96];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(epoch_ms % 1000));
  return text;
}

int Usage() {
  std::cerr << "usage: activity_generator DIR [--interval-seconds S] [--rows N] [--files MAX]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return Usage();
  std::filesystem::path dir = argv[1];
  double interval_seconds = 2.0;
  int rows = 20;
  long max_files = -1;
  for (int i = 2; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (i + 1 >= argc) return Usage();
    char* end = nullptr;
    if (arg == "--interval-seconds") {
      interval_seconds = std::strtod(argv[++i], &end);
      if (*end != '\0' || interval_seconds <= 0) return Usage();
    } else if (arg == "--rows") {
      rows = static_cast<int>(std::strtol(argv[++i], &end, 10));
      if (*end != '\0' || rows <= 0) return Usage();
    } else if (arg == "--files") {
      max_files = std::strtol(argv[++i], &end, 10);
      if (*end != '\0' || max_files <= 0) return Usage();
    } else {
      return Usage();
    }
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    std::cerr << "activity_generator: cannot create " << dir << ": " << ec.message() << '\n';
    return 1;
  }
  signal(SIGINT, HandleSignal);
  signal(SIGTERM, HandleSignal);

  std::mt19937 rng(std::random_device{}());
  std::uniform_int_distribution<int> user_dist(1, kUsers);
  std::uniform_int_distribution<size_t> type_dist(0, kActivityTypes.size() - 1);
  std::uniform_int_distribution<size_t> page_dist(0, kPages.size() - 1);
  std::uniform_int_distribution<int> product_dist(1, 50);
  std::uniform_int_distribution<int> session_dist(1, 3);

  auto interval = std::chrono::milliseconds(static_cast<int64_t>(interval_seconds * 1000));
  for (long file_no = 1; max_files < 0 || file_no <= max_files; ++file_no) {
    auto now = std::chrono::system_clock::now();
    int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    char name[96];
    std::snprintf(name, sizeof(name), "activity-%lld-%05ld.json", static_cast<long long>(now_ms), file_no);
    std::filesystem::path tmp = dir / (std::string(".tmp-") + name);
    {
      std::ofstream out(tmp);
      for (int r = 0; r < rows; ++r) {
        int user = user_dist(rng);
        std::string_view type = kActivityTypes[type_dist(rng)];
        std::string page(type == "purchase" ? "/checkout" : kPages[page_dist(rng)]);
        if (page == "/products/") page += std::to_string(product_dist(rng));
        out << "{\"user_id\":\"user_" << user << "\",\"activity_type\":\"" << type
            << "\",\"timestamp\":\"" << FormatTimestamp(now_ms - (rows - r) * 50)
            << "\",\"page_url\":\"" << page << "\",\"session_id\":\"user_" << user << "-s"
            << session_dist(rng) << "\"}\n";
      }
      if (!out) {
        std::cerr << "activity_generator: cannot write " << tmp << '\n';
        return 1;
      }
    }
    std::filesystem::rename(tmp, dir / name, ec);
    if (ec) {
      std::cerr << "activity_generator: cannot rename " << tmp << ": " << ec.message() << '\n';
      return 1;
    }
    std::cerr << "activity_generator: wrote " << (dir / name).string() << " (" << rows << " rows)\n";
    auto wake = now + interval;
    while (!g_stop.load() && std::chrono::system_clock::now() < wake) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (g_stop.load()) break;
  }
  return 0;
}
