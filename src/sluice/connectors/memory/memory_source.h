#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sluice/connectors/memory/memory_stream.h"
#include "sluice/connectors/source.h"

namespace sluice::connectors {

// The Source over a shared MemoryStream. Many sources (query runs) may read one stream;
// each keeps only its Trigger.AvailableNow bound. Offsets are JSON integers (Spark's
// LongOffset), null before the first AddData. Replays any range: the stream never
// drops rows. Called from the query's driver thread; the stream itself is thread-safe.
class MemorySource : public Source {
 public:
  // REQUIRES: stream != nullptr.
  explicit MemorySource(std::shared_ptr<MemoryStream> stream);
  // Removes the data listener from the stream.
  ~MemorySource() override;

  types::SchemaPtr schema() const override { return stream_->schema(); }
  // Honours limit.max_rows in whole AddData calls (at least one call per batch).
  Result<Offset> LatestOffset(const Offset& start, const ReadLimit& limit) override;
  // One batch per AddData call in (start, end], in order (possibly empty batches).
  Result<std::vector<types::BatchPtr>> GetBatch(const Offset& start, const Offset& end) override;
  // Fixes the end at the stream's current latest offset.
  void PrepareForAvailableNow() override;
  // Registers `listener` with the stream: it runs after every AddData / AddBatch.
  void SetDataListener(std::function<void()> listener) override;
  // Removes the data listener (the stream may outlive this source).
  void Stop() override;
  // "MemoryStream[value,ts]".
  std::string Description() const override { return stream_->Description(); }

  const std::shared_ptr<MemoryStream>& stream() const { return stream_; }

 private:
  std::shared_ptr<MemoryStream> stream_;
  bool available_now_ = false;
  std::optional<int64_t> available_now_end_;
  std::optional<int64_t> listener_id_;  // registered with stream_
};

}  // namespace sluice::connectors

namespace sluice::connectors {

class ConnectorOptions;

// Registry factory of the "memory" source: reads the stream named by option `name` (or
// else ctx.name) from MemoryStreamRegistry::Global(). When no such stream exists and
// ctx.user_schema is given, creates and registers an empty one (so a SQL pipeline can
// declare `CREATE SOURCE events (value BIGINT) USING memory`). Errors name the stream
// and list the registered ones.
Result<std::unique_ptr<Source>> CreateMemorySource(const ConnectorOptions& options, const ConnectorContext& ctx);
// The schema CreateMemorySource would give, creating nothing.
Result<types::SchemaPtr> MemorySourceSchema(const ConnectorOptions& options, const ConnectorContext& ctx);

}  // namespace sluice::connectors
