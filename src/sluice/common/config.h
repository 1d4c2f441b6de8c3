#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "sluice/common/status.h"

namespace sluice {

// Engine settings. Spark's keys are accepted as they are: "spark.sql.x" and
// "sluice.sql.x" name the same setting and are stored under the sluice spelling.
class Config {
 public:
  static std::string NormalizeKey(const std::string& key);

  void Set(const std::string& key, std::string value);
  bool Has(const std::string& key) const;
  std::string GetString(const std::string& key, const std::string& default_value) const;
  // Returns InvalidArgument naming the key when the value is not an integer / boolean.
  Result<int64_t> GetInt(const std::string& key, int64_t default_value) const;
  Result<bool> GetBool(const std::string& key, bool default_value) const;
  // Merges `other` over this one (other's values win).
  void Merge(const Config& other);
  const std::map<std::string, std::string>& entries() const { return entries_; }

 private:
  std::map<std::string, std::string> entries_;
};

// Well-known keys, in their sluice spelling.
namespace conf {
inline constexpr const char* kShufflePartitions = "sluice.sql.shuffle.partitions";
inline constexpr const char* kSessionTimeZone = "sluice.sql.session.timeZone";
inline constexpr const char* kMultipleWatermarkPolicy = "sluice.sql.streaming.multipleWatermarkPolicy";
inline constexpr const char* kNoDataMicroBatches = "sluice.sql.streaming.noDataMicroBatches.enabled";
inline constexpr const char* kCheckpointLocation = "sluice.sql.streaming.checkpointLocation";
inline constexpr const char* kNumRecentProgress = "sluice.sql.streaming.numRecentProgressUpdates";
inline constexpr const char* kMinBatchesToRetain = "sluice.sql.streaming.minBatchesToRetain";
inline constexpr const char* kSnapshotInterval = "sluice.sql.streaming.stateStore.minDeltasForSnapshot";
}  // namespace conf

}  // namespace sluice
