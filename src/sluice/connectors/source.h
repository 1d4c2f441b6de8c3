#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sluice/common/clock.h"
#include "sluice/common/config.h"
#include "sluice/types/batch.h"

namespace sluice::connectors {

// Source offsets are JSON values; the runtime stores them verbatim in offsets/N of the
// checkpoint and hands them back after a restart. A null JSON value means "before
// the first row".
using Offset = nlohmann::json;

// How much a single micro-batch may read (Spark's ReadLimit). Unset fields mean no limit.
struct ReadLimit {
  std::optional<int64_t> max_rows;
  std::optional<int64_t> max_files;
  std::optional<int64_t> max_bytes;
};

// A streaming source. Contract (STYLE.md §4): offsets are JSON that the checkpoint can
// store, and GetBatch can replay any range between committed offsets, so that a
// restarted query re-reads exactly the rows of a planned-but-uncommitted batch.
// Called from the query's driver thread only.
class Source {
 public:
  virtual ~Source() = default;

  // The rows' schema.
  virtual types::SchemaPtr schema() const = 0;

  // The offset up to which a batch starting after `start` may read, honouring `limit`;
  // returns `start` (or null) when nothing new is available.
  virtual Result<Offset> LatestOffset(const Offset& start, const ReadLimit& limit) = 0;

  // The rows in (start, end]. May return several batches; each is one input
  // partition, in order (the scenario format's "each addData is its own partition").
  virtual Result<std::vector<types::BatchPtr>> GetBatch(const Offset& start, const Offset& end) = 0;

  // Everything up to `end` is committed and will not be asked for again.
  virtual void Commit(const Offset& end) {}

  // Trigger.AvailableNow: fix the end of the data at this moment.
  virtual void PrepareForAvailableNow() {}

  // Releases resources (sockets, threads). Idempotent.
  virtual void Stop() {}

  // Optional. A source that learns of new data by itself (rows pushed into a memory
  // stream, lines arriving on a socket) calls `listener` once such data is visible to
  // LatestOffset, from whatever thread delivered it, so the query can start a batch
  // at once instead of at its next poll; sources that do not override this are
  // polled as before. The runtime sets it before the first batch; an empty function
  // clears it. `listener` is cheap, thread-safe and does not block (the runtime's
  // only wakes the query loop); it must not add data to the source. The source makes
  // no call after Stop() or its destruction has returned.
  virtual void SetDataListener(std::function<void()> listener) {}

  // Spark's progress `sources[i].description`, e.g. "MemoryStream[value#0]" or
  // "RateStreamV2[rowsPerSecond=5, rampUpTimeSeconds=0, numPartitions=default".
  virtual std::string Description() const = 0;
};

// What a source or sink is created from.
struct ConnectorContext {
  std::string name;                           // the declared name (SQL) or "" (API)
  std::map<std::string, std::string> options; // keys as the user wrote them
  types::SchemaPtr user_schema;               // from USING ... (schema) / .schema(); may be null
  const Clock* clock = nullptr;               // processing time (manual in scenarios)
  const Config* conf = nullptr;
  std::string checkpoint_dir;                 // this source's folder under sources/, if any
};

}  // namespace sluice::connectors
