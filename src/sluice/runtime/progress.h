#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sluice/exec/operator.h"

namespace sluice::runtime {

// Spark's progress JSON keeps its fields in a fixed order, so reports print as
// Spark's do.
using ProgressJson = nlohmann::ordered_json;

// What one micro-batch measured; ToJson renders Spark's StreamingQueryProgress.
struct BatchProgress {
  std::string id, run_id, name;  // name "" prints as null
  int64_t trigger_start_micros = 0;
  int64_t batch_id = 0;
  int64_t batch_duration_ms = 0;
  int64_t num_input_rows = 0;
  double input_rows_per_second = -1;      // < 0: omitted (Spark omits NaN)
  double processed_rows_per_second = -1;
  std::map<std::string, int64_t> duration_ms;
  bool has_event_time = false;            // the plan has a watermark
  exec::EventTimeStats event_time;        // this batch's stats (count 0: only the watermark)
  int64_t watermark_micros = 0;
  std::vector<exec::StateOperatorProgress> state_operators;
  struct SourceProgress {
    std::string description;
    nlohmann::json start_offset, end_offset, latest_offset;
    int64_t num_input_rows = 0;
    double input_rows_per_second = -1;
    double processed_rows_per_second = -1;
  };
  std::vector<SourceProgress> sources;
  std::string sink_description;
  int64_t sink_num_output_rows = -1;

  ProgressJson ToJson() const;
};

// Spark's StreamingQueryStatus.
struct QueryStatus {
  std::string message = "Initializing sources";
  bool is_data_available = false;
  bool is_trigger_active = false;
  ProgressJson ToJson() const;
};

}  // namespace sluice::runtime
