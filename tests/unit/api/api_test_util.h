#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "sluice/api/sluice.h"

namespace sluice::api_testing {

// Renders a value by its kind, for readable failure messages.
inline std::string ValueText(const types::Value& v) {
  if (v.is_null()) return "NULL";
  if (v.is_bool()) return v.bool_value() ? "true" : "false";
  if (v.is_int()) return std::to_string(v.int_value());
  if (v.is_double()) return types::FormatDouble(v.double_value());
  if (v.is_string()) return "'" + v.string_value() + "'";
  std::string out = "[";
  for (size_t i = 0; i < v.list_value().size(); ++i) out += (i ? ", " : "") + ValueText(v.list_value()[i]);
  return out + "]";
}

inline std::string RowsText(const std::vector<types::Row>& rows) {
  std::string out;
  for (const auto& row : rows) {
    out += "(";
    for (size_t i = 0; i < row.size(); ++i) out += (i ? ", " : "") + ValueText(row[i]);
    out += ")\n";
  }
  return out;
}

inline std::vector<types::Row> Sorted(std::vector<types::Row> rows) {
  std::sort(rows.begin(), rows.end(), [](const types::Row& a, const types::Row& b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
  });
  return rows;
}

// A unique name per call, so tests do not share the process-wide memory streams/tables.
inline std::string UniqueName(const std::string& base) {
  static std::atomic<int> counter{0};
  return base + "_" + std::to_string(counter.fetch_add(1));
}

// A temporary directory removed at scope exit.
class TempDir {
 public:
  TempDir() {
    path_ = (std::filesystem::temp_directory_path() /
             ("sluice-api-test-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count())))
                .string();
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Polls `done` every 20 ms until it holds or `timeout_ms` passes; returns whether it held.
inline bool WaitFor(const std::function<bool()>& done, int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

// Runs `fn`, expecting it to throw E whose what() contains `needle`.
template <typename E>
::testing::AssertionResult ThrowsWith(const std::function<void()>& fn, const std::string& needle) {
  try {
    fn();
  } catch (const E& e) {
    if (std::string(e.what()).find(needle) != std::string::npos) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "message does not contain '" << needle << "': " << e.what();
  } catch (const std::exception& e) {
    return ::testing::AssertionFailure() << "threw another exception type: " << e.what();
  }
  return ::testing::AssertionFailure() << "did not throw (expected '" << needle << "')";
}

}  // namespace sluice::api_testing
