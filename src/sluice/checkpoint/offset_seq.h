#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sluice/common/status.h"

namespace sluice::checkpoint {

// What offsets/<batchId> records before a batch runs (Spark's OffsetSeq plus
// OffsetSeqMetadata): the end offset of every source and the batch's settings, so a
// restart replays the batch with exactly the same input, watermark and timestamp.
struct OffsetSeq {
  // The event-time watermark the batch runs with (Spark's batchWatermarkMs).
  int64_t batch_watermark_ms = 0;
  // The batch's processing time, e.g. for current_timestamp() (batchTimestampMs).
  int64_t batch_timestamp_ms = 0;
  // Settings that must not change across restarts (e.g. the number of shuffle
  // partitions), in Spark's spelling.
  std::map<std::string, std::string> conf;
  // One end offset per source, in source order; a null JSON value means the source
  // has no offset yet (written as "-").
  std::vector<nlohmann::json> offsets;
  // Extra sluice metadata (a JSON object, e.g. per-operator watermarks), written as
  // further keys of the metadata line after "conf". Spark ignores unknown keys there.
  // Keys may not be batchWatermarkMs, batchTimestampMs or conf.
  nlohmann::json extra = nlohmann::json::object();

  bool operator==(const OffsetSeq& other) const = default;
};

// The newest offsets file version this code reads and the one it writes
// (Spark's OffsetSeqLog.VERSION). Stored in checkpoints.
inline constexpr int kOffsetLogVersion = 1;

// Spark's OffsetSeqLog text format (see docs/formats/checkpoint.md):
//   v1
//   {"batchWatermarkMs":0,"batchTimestampMs":1700000000000,"conf":{...}<,extra keys>}
//   <offset JSON of source 0, or ->
//   ...
// with no newline after the last line. Returns InvalidArgument when `extra` is not an
// object or reuses a reserved key, or a value cannot be written as JSON.
Result<std::string> SerializeOffsetSeq(const OffsetSeq& seq);

// Parses the format above. `path` names the file in errors: malformed contents are
// Corruption, a newer version line is NotSupported. Accepts an empty metadata line
// and missing metadata fields (defaults) as Spark does.
Result<OffsetSeq> ParseOffsetSeq(std::string_view bytes, const std::string& path);

}  // namespace sluice::checkpoint
