#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sluice/connectors/sink.h"
#include "sluice/types/value.h"

namespace sluice {

// Spark's ForeachWriter: writes a streaming query's rows one at a time, e.g. to a
// database or service without a connector. For each micro-batch (epoch) and each of
// its partitions: open(partition_id, epoch_id); if it returns true, process(row) for
// each row; then close(error). Use open's ids to write idempotently: after a restart
// the last epoch may be processed again (at-least-once, as in Spark).
//   class Printer : public sluice::ForeachWriter {
//     void process(const sluice::types::Row& row) override { ... }
//   };
//   df.writeStream().foreach(std::make_shared<Printer>())
//     .option("checkpointLocation", "/cp").start();
// Called from the query's driver thread; an exception from any method fails the query.
class ForeachWriter {
 public:
  virtual ~ForeachWriter() = default;
  // Return false to skip this partition's rows (already written in an earlier attempt).
  virtual bool open(int64_t partition_id, int64_t epoch_id) { return true; }
  virtual void process(const types::Row& row) = 0;
  // `error` is empty when every row was processed, else the failure's message.
  virtual void close(const std::optional<std::string>& error) {}
};

namespace api {

// The sink behind DataStreamWriter::foreach.
class ForeachWriterSink : public connectors::Sink {
 public:
  explicit ForeachWriterSink(std::shared_ptr<ForeachWriter> writer) : writer_(std::move(writer)) {}
  Status AddBatch(int64_t batch_id, const std::vector<types::BatchPtr>& partitions, OutputMode mode) override;
  bool idempotent() const override { return false; }
  std::string Description() const override { return "ForeachWriterSink"; }

 private:
  std::shared_ptr<ForeachWriter> writer_;
};

}  // namespace api
}  // namespace sluice
