#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sluice/connectors/sink.h"

namespace sluice {
class DataFrame;
class Session;
}  // namespace sluice

namespace sluice::api {

// The sink behind DataStreamWriter::foreachBatch: declares each micro-batch's rows as a
// static table of the session (one internal name per query, replaced every batch) and
// calls the user's function with a DataFrame over it. Exceptions thrown by the
// function become the batch's ExecutionError. Not idempotent (Spark's foreachBatch is
// at-least-once). Called from the query's driver thread only.
class ForeachBatchSink : public connectors::Sink {
 public:
  using Function = std::function<void(const DataFrame& batch, int64_t batch_id)>;

  // `session` is weak: the session owns the query that owns this sink. `schema` is the
  // query's output schema, used for batches without partitions.
  ForeachBatchSink(std::weak_ptr<Session> session, types::SchemaPtr schema, Function fn);

  Status AddBatch(int64_t batch_id, const std::vector<types::BatchPtr>& partitions, OutputMode mode) override;
  bool idempotent() const override { return false; }
  std::string Description() const override { return "ForeachBatchSink"; }

 private:
  std::weak_ptr<Session> session_;
  types::SchemaPtr schema_;
  Function fn_;
  std::string table_name_;  // set on the first batch
};

}  // namespace sluice::api
