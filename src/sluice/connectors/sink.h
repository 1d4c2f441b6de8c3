#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sluice/common/output_mode.h"
#include "sluice/types/batch.h"

namespace sluice::connectors {

// A streaming sink. AddBatch is called once per micro-batch with the batch id; after a
// crash the same batch id may come again with the same rows, and an exactly-once
// sink ignores or overwrites it (STYLE.md §4). Called from the query's driver thread.
class Sink {
 public:
  virtual ~Sink() = default;

  // `partitions` are the batch's rows, one batch per execution partition (possibly
  // empty). In complete mode they are the whole result table.
  virtual Status AddBatch(int64_t batch_id, const std::vector<types::BatchPtr>& partitions, OutputMode mode) = 0;

  // Whether a replayed batch id is skipped or overwritten (true) or written twice.
  virtual bool idempotent() const { return true; }

  // Spark's progress `sink.description`, e.g. "MemorySink" or
  // "org.apache.spark.sql.execution.streaming.ConsoleTable$".
  virtual std::string Description() const = 0;

  virtual void Stop() {}
};

}  // namespace sluice::connectors
