#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sluice/common/clock.h"
#include "sluice/connectors/source.h"

namespace sluice::connectors {

// Settings of a rate source, already validated (see rate/options.h).
struct RateSourceConfig {
  int64_t rows_per_second = 1;                 // > 0
  int64_t ramp_up_time_seconds = 0;            // >= 0
  int32_t num_partitions = 1;                  // > 0
  std::string num_partitions_text = "default"; // as given, for Description()
};

// Generates `timestamp TIMESTAMP, value BIGINT` rows at a fixed rate, with Spark's
// RateStreamMicroBatchStream arithmetic:
//   - The source records its start time (milliseconds) at first use. With a checkpoint
//     dir it is persisted there, in Spark's layout: file `0` holding "v1\n<millis>",
//     so a restarted query continues the same value sequence; without one it lives in
//     memory only.
//   - An offset is the number of whole seconds elapsed since the start (JSON integer;
//     Spark's LongOffset). LatestOffset reads the clock (manual in tests).
//   - Up to second s, RateValueAtSecond(s) rows exist, with values 0, 1, 2, ...
//   - A batch (start, end] holds values [v(start), v(end)); value v gets timestamp
//     start_ms + start*1000 + round((v - v(start)) * relativeMsPerValue) where
//     relativeMsPerValue = (end - start) * 1000 / (v(end) - v(start)).
//   - Partition p holds values v(start) + p + k * numPartitions (Spark's
//     RateStreamMicroBatchPartitionReader); one output batch per partition.
// Called from the query's driver thread only.
class RateSource : public Source {
 public:
  // Fails like Spark when rampUpTime is so large the value would overflow.
  // `clock` must outlive the source; `checkpoint_dir` may be empty.
  static Result<std::unique_ptr<RateSource>> Make(const RateSourceConfig& config, const Clock* clock,
                                                  std::string checkpoint_dir);

  types::SchemaPtr schema() const override;
  // Elapsed whole seconds, never below `start`; limit.max_rows caps the rows in whole
  // seconds (at least one second is taken even if it alone exceeds the cap).
  Result<Offset> LatestOffset(const Offset& start, const ReadLimit& limit) override;
  Result<std::vector<types::BatchPtr>> GetBatch(const Offset& start, const Offset& end) override;
  // Fixes the end at the seconds elapsed now.
  void PrepareForAvailableNow() override;
  // Spark's exact string, which lacks the closing bracket:
  // "RateStreamV2[rowsPerSecond=5, rampUpTimeSeconds=0, numPartitions=default".
  std::string Description() const override;

  // The start time in milliseconds since the epoch, loading or recording it first.
  // IOError / Corruption when the persisted file cannot be written or read.
  Result<int64_t> StartTimeMillis();

  // The rate source's fixed schema: `timestamp TIMESTAMP, value BIGINT`.
  static types::SchemaPtr Schema();

 private:
  RateSourceConfig config_;
  const Clock* clock_;
  std::string checkpoint_dir_;
  int64_t max_seconds_;  // beyond this the value count overflows int64
  std::optional<int64_t> start_time_ms_;
  int64_t last_time_ms_ = 0;
  std::optional<int64_t> available_now_end_;
  RateSource(const RateSourceConfig& config, const Clock* clock, std::string checkpoint_dir);
};

// Rows produced by the end of second `seconds` (Spark's RateStreamProvider.valueAtSecond):
// the speed grows by rowsPerSecond / (rampUpTimeSeconds + 1) per second until
// rampUpTimeSeconds, then stays at rowsPerSecond.
int64_t RateValueAtSecond(int64_t seconds, int64_t rows_per_second, int64_t ramp_up_time_seconds);

}  // namespace sluice::connectors

namespace sluice::connectors {

class ConnectorOptions;

// Registry factory of the "rate" source (options in rate/options.h). Rejects a user
// schema, like Spark. numPartitions defaults to the number of CPU cores.
Result<std::unique_ptr<Source>> CreateRateSource(const ConnectorOptions& options, const ConnectorContext& ctx);
// Always RateSource::Schema(); AnalysisError when ctx.user_schema is given.
Result<types::SchemaPtr> RateSourceSchema(const ConnectorOptions& options, const ConnectorContext& ctx);

}  // namespace sluice::connectors
