#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sluice/common/status.h"

namespace sluice::connectors {

// One file a file source assigned to a log batch: Spark's FileEntry.
struct SourceFileEntry {
  std::string path;       // URI: "file:/data/in/a.json"
  int64_t timestamp = 0;  // modification time, milliseconds since the epoch
  int64_t batch_id = 0;   // the log batch (= the source offset) that took the file
};

// The file source's log of which files each offset took (Spark's FileStreamSourceLog,
// version 1), kept in the source's checkpoint folder `sources/<n>/`: one file per log
// batch id, named by the id, holding "v1" and one JSON FileEntry per line
// ({"path":"file:/data/a.json","timestamp":1700000000000,"batchId":0}). Files are written
// atomically before the offset is handed to the runtime, so after a restart every offset
// the runtime knows maps to the same files. With an empty folder the log lives in memory
// only. Sluice never compacts the log. Not thread-safe.
class FileSourceLog {
 public:
  // `dir` may be empty (no checkpoint).
  explicit FileSourceLog(std::string dir);

  // Reads every batch file of the folder. Corruption naming a bad file; IOError when the
  // folder cannot be listed.
  Status Load();
  // Records `entries` as batch `batch_id`. IOError when the file exists already
  // (Spark's "Concurrent update to the log. Multiple streaming jobs detected") or cannot
  // be written.
  Status Add(int64_t batch_id, std::vector<SourceFileEntry> entries);
  // The entries of batch `batch_id`, or nullptr when the log has no such batch.
  const std::vector<SourceFileEntry>* Get(int64_t batch_id) const;
  // The largest batch id, or nullopt.
  std::optional<int64_t> latest_batch_id() const;
  const std::map<int64_t, std::vector<SourceFileEntry>>& batches() const { return batches_; }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  std::map<int64_t, std::vector<SourceFileEntry>> batches_;
};

}  // namespace sluice::connectors
