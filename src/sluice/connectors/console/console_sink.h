#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "sluice/common/time.h"
#include "sluice/connectors/sink.h"

namespace sluice::connectors {

// Prints every batch the way Spark's console sink does (ConsoleWrite.printRows, then
// Dataset.show), byte for byte:
//
//   -------------------------------------------
//   Batch: 3
//   -------------------------------------------
//   <ShowString(rows, numRows, truncate ? 20 : 0)>
//   <an empty line: Spark's show() uses println on a string that already ends in "\n">
//
// The whole text of a batch is written with one call and flushed.
//
// Not idempotent, like Spark's: a batch replayed after a restart is printed again.
// The columns come from the batches received; when a batch arrives with no partition at
// all, the schema given at construction (or seen last) is used.
// Called from the query's driver thread only.
class ConsoleSink : public Sink {
 public:
  // `out` must outlive the sink; nullptr means std::cout. `schema` may be null.
  ConsoleSink(int num_rows, bool truncate, TimeZone tz, std::ostream* out = nullptr,
              types::SchemaPtr schema = nullptr);

  Status AddBatch(int64_t batch_id, const std::vector<types::BatchPtr>& partitions, OutputMode mode) override;
  bool idempotent() const override { return false; }
  std::string Description() const override { return "org.apache.spark.sql.execution.streaming.ConsoleTable$"; }
  void Stop() override;

  // The exact text AddBatch prints for these rows.
  std::string Render(int64_t batch_id, const std::vector<types::BatchPtr>& partitions);

 private:
  int num_rows_;
  bool truncate_;
  TimeZone tz_;
  std::ostream* out_;
  types::SchemaPtr schema_;
};

}  // namespace sluice::connectors

namespace sluice::connectors {

class ConnectorOptions;
struct ConnectorContext;

// Registry factory of the "console" sink (options in console/options.h). Prints to
// stdout in the session time zone (conf sluice.sql.session.timeZone, default UTC).
Result<std::unique_ptr<Sink>> CreateConsoleSink(const ConnectorOptions& options, const ConnectorContext& ctx);

}  // namespace sluice::connectors
