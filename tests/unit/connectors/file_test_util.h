#pragma once

#include <fcntl.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "sluice/common/time.h"
#include "sluice/connectors/registry.h"
#include "sluice/types/batch.h"

namespace sluice::connectors::testing {

// A fresh folder under the system temp folder, removed with its contents on destruction.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("sluice-file-test-" + std::to_string(rd()) + std::to_string(rd()));
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

// Writes `contents` to `path`, creating folders; sets the modification time when given.
inline void WriteFile(const std::string& path, const std::string& contents, int64_t mtime_ms = -1) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
  out.close();
  if (mtime_ms >= 0) {
    struct timespec times[2];
    times[0].tv_sec = times[1].tv_sec = mtime_ms / 1000;
    times[0].tv_nsec = times[1].tv_nsec = (mtime_ms % 1000) * 1000000;
    ::utimensat(AT_FDCWD, path.c_str(), times, 0);
  }
}

inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline types::SchemaPtr SchemaOf(const std::string& ddl) {
  return std::make_shared<types::Schema>(*types::Schema::Parse(ddl));
}

inline ConnectorContext Ctx(std::map<std::string, std::string> options, const std::string& ddl = "",
                            std::string checkpoint_dir = "") {
  ConnectorContext ctx;
  ctx.options = std::move(options);
  if (!ddl.empty()) ctx.user_schema = SchemaOf(ddl);
  ctx.checkpoint_dir = std::move(checkpoint_dir);
  return ctx;
}

// Every row of `batches` as "v1|v2|..." (Spark's CAST AS STRING, NULL as "NULL"), in order.
inline std::vector<std::string> RowStrings(const std::vector<types::BatchPtr>& batches) {
  std::vector<std::string> out;
  TimeZone utc;
  for (const auto& batch : batches) {
    for (int64_t r = 0; r < batch->num_rows(); ++r) {
      std::string line;
      for (size_t c = 0; c < batch->num_columns(); ++c) {
        if (c > 0) line += "|";
        line += batch->GetValue(c, r).ToString(*batch->schema()->field(c).type, utc);
      }
      out.push_back(line);
    }
  }
  return out;
}

// Files below `dir` (recursively) whose name starts with "part-".
inline std::vector<std::string> PartFiles(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().filename().string().rfind("part-", 0) == 0) {
      out.push_back(entry.path().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace sluice::connectors::testing
