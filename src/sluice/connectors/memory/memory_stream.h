#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sluice/common/status.h"
#include "sluice/connectors/source.h"
#include "sluice/types/batch.h"

namespace sluice::connectors {

// An in-memory stream of rows that tests, the scenario runner and C++ programs add to
// (Spark's MemoryStream). Every call to AddData / AddBatch appends exactly one new
// offset holding that call's rows (possibly none), like Spark's LongOffset: the first
// call creates offset 0, the second offset 1, and so on. Rows are retained for the
// stream's lifetime (never freed on commit), so any range can be replayed by a
// restarted query, and several queries may read the same stream.
//
// Offsets in JSON are plain integers; null means "before the first AddData".
//
// Thread-safe: writers and readers may run concurrently.
class MemoryStream {
 public:
  MemoryStream(types::SchemaPtr schema, std::string name);

  const types::SchemaPtr& schema() const { return schema_; }
  const std::string& name() const { return name_; }

  // Appends `rows` as one new offset and returns that offset. Fails with
  // InvalidArgument, naming the row and field, when a row does not fit the schema
  // (wrong width, wrong value kind, INT out of range); nothing is added then.
  Result<int64_t> AddData(const std::vector<types::Row>& rows);
  // Appends an already built batch as one new offset. REQUIRES: batch != nullptr;
  // its schema must have the stream's field types (InvalidArgument otherwise).
  Result<int64_t> AddBatch(types::BatchPtr batch);

  // The latest offset, or nullopt before the first AddData.
  std::optional<int64_t> latest_offset() const;

  // The offset a batch starting after `start` may read up to (nullopt start: from the
  // beginning): the latest one, or fewer offsets when `max_rows` is set so that their
  // rows fit it. An offset's rows are never split, so at least one offset is taken even
  // if it alone exceeds `max_rows`. Returns `start` when nothing new exists.
  std::optional<int64_t> LatestOffsetFrom(std::optional<int64_t> start, std::optional<int64_t> max_rows) const;

  // The batches of offsets (start, end], one per AddData call, in order. Errors when
  // the range is inverted or `end` was never created (the message lists the known range).
  Result<std::vector<types::BatchPtr>> GetBatches(std::optional<int64_t> start, int64_t end) const;

  // Total rows ever added.
  int64_t num_rows() const;

  // Spark's "MemoryStream[value,ts]": the field names, comma-separated.
  std::string Description() const;

  // Calls `listener` after every successful AddData / AddBatch, on the adding thread,
  // once the new offset is visible to readers; returns an id for RemoveListener.
  // Listeners run one at a time; they may read the stream but must not add data or
  // add or remove listeners.
  int64_t AddListener(std::function<void()> listener);
  // Stops calling the listener; once this returns, no call of it is in progress.
  // Unknown ids are ignored.
  void RemoveListener(int64_t id);

 private:
  void NotifyListeners();

  types::SchemaPtr schema_;
  std::string name_;
  mutable std::mutex mutex_;
  std::vector<types::BatchPtr> batches_;  // index = offset
  std::vector<int64_t> cumulative_rows_;  // rows in offsets [0, i]
  // Held while listeners run, so RemoveListener can wait for a call in progress.
  std::mutex listeners_mutex_;
  std::vector<std::pair<int64_t, std::function<void()>>> listeners_;
  int64_t next_listener_id_ = 0;
};

// Checks that every row fits `schema` (width, value kinds, INT range); the error names
// the row index and field.
Status ValidateRows(const types::Schema& schema, const std::vector<types::Row>& rows);

// Converts a JSON offset stored by the checkpoint back to a memory-stream offset:
// null -> nullopt, an integer (or a string holding one) -> that integer.
Result<std::optional<int64_t>> MemoryOffsetFromJson(const Offset& offset, const std::string& stream_name);

}  // namespace sluice::connectors
