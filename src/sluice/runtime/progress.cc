#include "sluice/runtime/progress.h"

#include <cmath>

#include "sluice/common/time.h"

namespace sluice::runtime {

namespace {
void PutRate(ProgressJson& j, const char* key, double v) {
  if (v >= 0 && std::isfinite(v)) j[key] = v;
}
}  // namespace

ProgressJson BatchProgress::ToJson() const {
  ProgressJson j;
  j["id"] = id;
  j["runId"] = run_id;
  j["name"] = name.empty() ? ProgressJson(nullptr) : ProgressJson(name);
  j["timestamp"] = FormatIsoMillis(trigger_start_micros);
  j["batchId"] = batch_id;
  j["batchDuration"] = batch_duration_ms;
  j["numInputRows"] = num_input_rows;
  PutRate(j, "inputRowsPerSecond", input_rows_per_second);
  PutRate(j, "processedRowsPerSecond", processed_rows_per_second);
  ProgressJson durations = ProgressJson::object();
  for (const auto& [k, v] : duration_ms) durations[k] = v;
  j["durationMs"] = durations;
  if (has_event_time) {
    ProgressJson et = ProgressJson::object();
    if (event_time.count > 0) {
      // Spark's EventTimeStats.avg is a double of milliseconds.
      double avg_ms = event_time.sum / static_cast<double>(event_time.count) / 1000.0;
      et["avg"] = FormatIsoMillis(static_cast<int64_t>(std::llround(avg_ms)) * 1000);
      et["max"] = FormatIsoMillis(event_time.max);
      et["min"] = FormatIsoMillis(event_time.min);
    }
    et["watermark"] = FormatIsoMillis(watermark_micros);
    j["eventTime"] = et;
  }
  ProgressJson ops = ProgressJson::array();
  for (const auto& s : state_operators) {
    ProgressJson o;
    o["operatorName"] = s.operator_name;
    o["numRowsTotal"] = s.num_rows_total;
    o["numRowsUpdated"] = s.num_rows_updated;
    o["allUpdatesTimeMs"] = s.all_updates_time_ms;
    o["numRowsRemoved"] = s.num_rows_removed;
    o["allRemovalsTimeMs"] = s.all_removals_time_ms;
    o["commitTimeMs"] = s.commit_time_ms;
    o["memoryUsedBytes"] = s.memory_used_bytes;
    o["numRowsDroppedByWatermark"] = s.num_rows_dropped_by_watermark;
    o["numShufflePartitions"] = s.num_shuffle_partitions;
    o["numStateStoreInstances"] = s.num_state_store_instances;
    o["customMetrics"] = ProgressJson::object();
    ops.push_back(o);
  }
  j["stateOperators"] = ops;
  ProgressJson srcs = ProgressJson::array();
  for (const auto& s : sources) {
    ProgressJson o;
    o["description"] = s.description;
    o["startOffset"] = s.start_offset;
    o["endOffset"] = s.end_offset;
    o["latestOffset"] = s.latest_offset;
    o["numInputRows"] = s.num_input_rows;
    PutRate(o, "inputRowsPerSecond", s.input_rows_per_second);
    PutRate(o, "processedRowsPerSecond", s.processed_rows_per_second);
    o["metrics"] = ProgressJson::object();
    srcs.push_back(o);
  }
  j["sources"] = srcs;
  ProgressJson sink;
  sink["description"] = sink_description;
  sink["numOutputRows"] = sink_num_output_rows;
  sink["metrics"] = ProgressJson::object();
  j["sink"] = sink;
  return j;
}

ProgressJson QueryStatus::ToJson() const {
  ProgressJson j;
  j["message"] = message;
  j["isDataAvailable"] = is_data_available;
  j["isTriggerActive"] = is_trigger_active;
  return j;
}

}  // namespace sluice::runtime
