#pragma once

#include <filesystem>
#include <string>

#include "sluice/checkpoint/uuid.h"

namespace sluice::checkpoint::testing {

// A fresh directory under the system temp dir, removed (with its contents) on
// destruction.
class TempDir {
 public:
  TempDir() : path_(std::filesystem::temp_directory_path() / ("sluice-checkpoint-test-" + NewUuid())) {
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string path() const { return path_.string(); }
  std::string Sub(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace sluice::checkpoint::testing
