#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "sluice/connectors/sink.h"
#include "sluice/types/batch.h"

namespace sluice::connectors {

// A sink that keeps the rows it receives in memory (Spark's MemorySink), for tests, the
// scenario runner and interactive use. Append and update mode add each batch's rows to
// the table; complete mode replaces the table with the batch (the whole result).
//
// Idempotent as Spark's: a batch whose id is not greater than the latest added id is
// ignored, so a batch replayed after a restart is not added twice.
//
// Rows are held as the shared, immutable batches the query produced (no copy).
// Thread-safe: the query's driver thread writes while other threads read.
class MemorySink : public Sink {
 public:
  // `schema` may be null; it is then taken from the first batch received.
  explicit MemorySink(types::SchemaPtr schema = nullptr);

  Status AddBatch(int64_t batch_id, const std::vector<types::BatchPtr>& partitions, OutputMode mode) override;
  bool idempotent() const override { return true; }
  std::string Description() const override { return "MemorySink"; }

  // The table's schema, or null before it is known.
  types::SchemaPtr schema() const;
  // Every row of the table: all batches kept, in batch then partition order.
  std::vector<types::Row> AllRows() const;
  // The table as batches (non-empty partitions only), in order.
  std::vector<types::BatchPtr> Snapshot() const;
  // The rows batch `batch_id` added, or empty when it was not added (or was replaced
  // by a later complete-mode batch).
  std::vector<types::Row> RowsOfBatch(int64_t batch_id) const;
  // The rows of all kept batches with id > `since_batch_id` (Spark's dataSinceBatch).
  std::vector<types::Row> RowsSinceBatch(int64_t since_batch_id) const;
  // The id of the latest batch added, or nullopt before the first.
  std::optional<int64_t> LatestBatchId() const;
  int64_t num_rows() const;
  // Drops all rows and forgets batch ids (Spark's MemorySink.clear()).
  void Clear();

 private:
  struct AddedBatch {
    int64_t batch_id;
    std::vector<types::BatchPtr> partitions;  // non-empty only
  };

  mutable std::mutex mutex_;
  types::SchemaPtr schema_;
  std::vector<AddedBatch> batches_;
  std::optional<int64_t> latest_batch_id_;
};

}  // namespace sluice::connectors

namespace sluice::connectors {

class ConnectorOptions;
struct ConnectorContext;

// Registry factory of the "memory" sink: creates a MemorySink (schema: ctx.user_schema,
// may be null) and registers it in MemoryTableRegistry::Global() under option
// `queryName`, or else ctx.name, replacing an older table of that name. Without either:
// InvalidArgument "queryName must be specified for memory sink" (Spark's words).
Result<std::unique_ptr<Sink>> CreateMemorySink(const ConnectorOptions& options, const ConnectorContext& ctx);

}  // namespace sluice::connectors
