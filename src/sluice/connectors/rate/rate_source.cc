#include "sluice/connectors/rate/rate_source.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <thread>

#include "sluice/common/atomic_file.h"
#include "sluice/common/time.h"
#include "sluice/connectors/option_table.h"

namespace sluice::connectors {
namespace {

// Spark's RateStreamMicroBatchStream metadata log version.
constexpr int kStartTimeFormatVersion = 1;
// The metadata log's only entry: batch 0 holds the start time.
constexpr const char* kStartTimeFileName = "0";

Result<int64_t> SecondsFromJson(const Offset& offset) {
  if (offset.is_null()) return int64_t{0};
  if (offset.is_number_integer()) {
    int64_t v = offset.get<int64_t>();
    if (v >= 0) return v;
  } else if (offset.is_string()) {
    auto v = option_parsing::ParseLong(offset.get<std::string>());
    if (v && *v >= 0) return *v;
  }
  return Status::Corruption("rate source: offset " + offset.dump() +
                            " is not a number of seconds (expected a non-negative integer)");
}

// Parses Spark's "v1\n<millis>" start-time file.
Result<int64_t> ParseStartTimeFile(const std::string& path, const std::string& contents) {
  size_t newline = contents.find('\n');
  if (contents.empty() || contents[0] != 'v' || newline == std::string::npos) {
    return Status::Corruption("rate source: start time file '" + path +
                              "' is not in the expected format (\"v1\\n<milliseconds>\")");
  }
  auto version = option_parsing::ParseLong(contents.substr(1, newline - 1));
  if (!version || *version <= 0) {
    return Status::Corruption("rate source: start time file '" + path + "' has a bad version line '" +
                              contents.substr(0, newline) + "'");
  }
  if (*version > kStartTimeFormatVersion) {
    return Status::Corruption("rate source: start time file '" + path + "' has format v" +
                              std::to_string(*version) + " but the maximum supported is v" +
                              std::to_string(kStartTimeFormatVersion) + "; it was written by a newer version");
  }
  auto millis = option_parsing::ParseLong(contents.substr(newline + 1));
  if (!millis) {
    return Status::Corruption("rate source: start time file '" + path + "' does not hold a time in milliseconds");
  }
  return *millis;
}

}  // namespace

int64_t RateValueAtSecond(int64_t seconds, int64_t rows_per_second, int64_t ramp_up_time_seconds) {
  // E.g. rampUpTimeSeconds = 4, rowsPerSecond = 10, so the speed grows by 2 per second:
  //   seconds   = 0 1 2  3  4  5  6
  //   speed     = 0 2 4  6  8 10 10
  //   end value = 0 2 6 12 20 30 40
  int64_t speed_delta_per_second = rows_per_second / (ramp_up_time_seconds + 1);
  if (seconds <= ramp_up_time_seconds) {
    // (speed_delta * seconds) * (seconds + 1) / 2, ordered to avoid overflow as Spark does.
    if (seconds % 2 == 1) return (seconds + 1) / 2 * speed_delta_per_second * seconds;
    return seconds / 2 * speed_delta_per_second * (seconds + 1);
  }
  int64_t ramp_up_part = RateValueAtSecond(ramp_up_time_seconds, rows_per_second, ramp_up_time_seconds);
  return ramp_up_part + (seconds - ramp_up_time_seconds) * rows_per_second;
}

types::SchemaPtr RateSource::Schema() {
  static const types::SchemaPtr schema = std::make_shared<types::Schema>(std::vector<types::StructField>{
      {"timestamp", types::DataType::Timestamp(), true},
      {"value", types::DataType::Bigint(), true},
  });
  return schema;
}

RateSource::RateSource(const RateSourceConfig& config, const Clock* clock, std::string checkpoint_dir)
    : config_(config),
      clock_(clock),
      checkpoint_dir_(std::move(checkpoint_dir)),
      max_seconds_(std::numeric_limits<int64_t>::max() / config.rows_per_second) {}

Result<std::unique_ptr<RateSource>> RateSource::Make(const RateSourceConfig& config, const Clock* clock,
                                                     std::string checkpoint_dir) {
  if (config.rows_per_second <= 0 || config.ramp_up_time_seconds < 0 || config.num_partitions <= 0) {
    return Status::InvalidArgument("rate source: rowsPerSecond and numPartitions must be positive and rampUpTime "
                                   "must not be negative");
  }
  int64_t max_seconds = std::numeric_limits<int64_t>::max() / config.rows_per_second;
  if (config.ramp_up_time_seconds > max_seconds) {
    // Spark's ArithmeticException text.
    return Status::InvalidArgument("Integer overflow. Max offset with " + std::to_string(config.rows_per_second) +
                                   " rowsPerSecond is " + std::to_string(max_seconds) + ", but 'rampUpTimeSeconds' is " +
                                   std::to_string(config.ramp_up_time_seconds) + ".");
  }
  if (clock == nullptr) clock = SystemClock::Default();
  return std::unique_ptr<RateSource>(new RateSource(config, clock, std::move(checkpoint_dir)));
}

types::SchemaPtr RateSource::schema() const { return Schema(); }

Result<int64_t> RateSource::StartTimeMillis() {
  if (start_time_ms_) return *start_time_ms_;
  int64_t now_ms = FloorDiv(clock_->NowMicros(), kMicrosPerMilli);
  if (checkpoint_dir_.empty()) {
    start_time_ms_ = now_ms;
  } else {
    std::error_code ec;
    std::filesystem::create_directories(checkpoint_dir_, ec);
    if (ec) {
      return Status::IOError("rate source: cannot create checkpoint folder '" + checkpoint_dir_ + "': " + ec.message());
    }
    std::string path = (std::filesystem::path(checkpoint_dir_) / kStartTimeFileName).string();
    if (std::filesystem::exists(path, ec)) {
      std::ifstream in(path, std::ios::binary);
      if (!in) return Status::IOError("rate source: cannot read start time file '" + path + "'");
      std::ostringstream contents;
      contents << in.rdbuf();
      SLUICE_ASSIGN_OR_RETURN(int64_t persisted, ParseStartTimeFile(path, contents.str()));
      start_time_ms_ = persisted;
    } else {
      std::string contents = "v" + std::to_string(kStartTimeFormatVersion) + "\n" + std::to_string(now_ms);
      SLUICE_RETURN_IF_ERROR(WriteFileAtomic(path, contents).WithContext("rate source"));
      start_time_ms_ = now_ms;
    }
  }
  last_time_ms_ = *start_time_ms_;
  return *start_time_ms_;
}

Result<Offset> RateSource::LatestOffset(const Offset& start, const ReadLimit& limit) {
  SLUICE_ASSIGN_OR_RETURN(int64_t start_ms, StartTimeMillis());
  SLUICE_ASSIGN_OR_RETURN(int64_t start_seconds, SecondsFromJson(start));
  int64_t now_ms = FloorDiv(clock_->NowMicros(), kMicrosPerMilli);
  if (last_time_ms_ < now_ms) last_time_ms_ = now_ms;
  int64_t seconds = (last_time_ms_ - start_ms) / 1000;
  if (available_now_end_) seconds = std::min(seconds, *available_now_end_);
  seconds = std::min(seconds, max_seconds_);
  // A clock behind the committed offset (e.g. after a restart) never moves it back.
  if (seconds <= start_seconds) return Offset(start.is_null() ? seconds : start_seconds);
  if (limit.max_rows) {
    int64_t base = RateValueAtSecond(start_seconds, config_.rows_per_second, config_.ramp_up_time_seconds);
    // The largest second whose rows since `start` fit the limit, but at least start + 1.
    int64_t lo = start_seconds + 1, hi = seconds;
    while (lo < hi) {
      int64_t mid = lo + (hi - lo + 1) / 2;
      int64_t rows = RateValueAtSecond(mid, config_.rows_per_second, config_.ramp_up_time_seconds) - base;
      if (rows <= *limit.max_rows) lo = mid;
      else hi = mid - 1;
    }
    seconds = lo;
  }
  return Offset(seconds);
}

Result<std::vector<types::BatchPtr>> RateSource::GetBatch(const Offset& start, const Offset& end) {
  SLUICE_ASSIGN_OR_RETURN(int64_t start_ms, StartTimeMillis());
  SLUICE_ASSIGN_OR_RETURN(int64_t start_seconds, SecondsFromJson(start));
  SLUICE_ASSIGN_OR_RETURN(int64_t end_seconds, SecondsFromJson(end));
  if (start_seconds > end_seconds) {
    return Status::ExecutionError("rate source: start offset " + std::to_string(start_seconds) +
                                  " is after end offset " + std::to_string(end_seconds));
  }
  if (end_seconds > max_seconds_) {
    return Status::ExecutionError("Integer overflow. Max offset with " + std::to_string(config_.rows_per_second) +
                                  " rowsPerSecond is " + std::to_string(max_seconds_) + ", but it's " +
                                  std::to_string(end_seconds) + " now.");
  }
  // Spark fixes lastTimeMs here so that a recovered batch never moves time backwards.
  last_time_ms_ = std::max(last_time_ms_, start_ms + end_seconds * 1000);
  int64_t range_start = RateValueAtSecond(start_seconds, config_.rows_per_second, config_.ramp_up_time_seconds);
  int64_t range_end = RateValueAtSecond(end_seconds, config_.rows_per_second, config_.ramp_up_time_seconds);
  std::vector<types::BatchPtr> out;
  if (range_start == range_end) return out;

  int64_t local_start_ms = start_ms + start_seconds * 1000;
  double relative_ms_per_value =
      static_cast<double>((end_seconds - start_seconds) * 1000) / static_cast<double>(range_end - range_start);
  int64_t num_values = range_end - range_start;
  int64_t num_partitions = config_.num_partitions;
  out.reserve(num_partitions);
  for (int64_t p = 0; p < num_partitions; ++p) {
    int64_t count = num_values > p ? (num_values - p + num_partitions - 1) / num_partitions : 0;
    auto timestamps = types::Column::Make(types::DataType::Timestamp(), count);
    auto values = types::Column::Make(types::DataType::Bigint(), count);
    int64_t* ts = timestamps->data<int64_t>();
    int64_t* vs = values->data<int64_t>();
    for (int64_t k = 0; k < count; ++k) {
      int64_t offset_in_range = p + k * num_partitions;
      // Java's Math.round: ties go up (values are non-negative here).
      int64_t relative_ms = std::llround(static_cast<double>(offset_in_range) * relative_ms_per_value);
      vs[k] = range_start + offset_in_range;
      ts[k] = (local_start_ms + relative_ms) * kMicrosPerMilli;
    }
    out.push_back(std::make_shared<types::Batch>(Schema(), std::vector<types::ColumnPtr>{timestamps, values}, count));
  }
  return out;
}

void RateSource::PrepareForAvailableNow() {
  auto start_ms = StartTimeMillis();
  if (!start_ms.ok()) return;  // the error resurfaces on the next LatestOffset
  int64_t now_ms = std::max(last_time_ms_, FloorDiv(clock_->NowMicros(), kMicrosPerMilli));
  available_now_end_ = (now_ms - *start_ms) / 1000;
}

std::string RateSource::Description() const {
  return "RateStreamV2[rowsPerSecond=" + std::to_string(config_.rows_per_second) +
         ", rampUpTimeSeconds=" + std::to_string(config_.ramp_up_time_seconds) +
         ", numPartitions=" + config_.num_partitions_text;
}

namespace {

Status RejectUserSchema(const ConnectorContext& ctx) {
  if (ctx.user_schema == nullptr) return Status::OK();
  return Status::AnalysisError("The rate source does not support a user-specified schema. Its schema is always: " +
                               RateSource::Schema()->ToString());
}

}  // namespace

Result<types::SchemaPtr> RateSourceSchema(const ConnectorOptions& options, const ConnectorContext& ctx) {
  SLUICE_RETURN_IF_ERROR(RejectUserSchema(ctx));
  return RateSource::Schema();
}

Result<std::unique_ptr<Source>> CreateRateSource(const ConnectorOptions& options, const ConnectorContext& ctx) {
  SLUICE_RETURN_IF_ERROR(RejectUserSchema(ctx));
  RateSourceConfig config;
  config.rows_per_second = options.GetLong("rowsPerSecond").value_or(1);
  // Spark's JavaUtils.timeStringAsSec drops the sub-second part.
  config.ramp_up_time_seconds = options.GetIntervalMicros("rampUpTime").value_or(0) / kMicrosPerSecond;
  if (auto partitions = options.GetLong("numPartitions")) {
    config.num_partitions = static_cast<int32_t>(*partitions);
    config.num_partitions_text = *options.Raw("numPartitions");
  } else {
    // Spark's default is the context's defaultParallelism: the cores of a local master.
    config.num_partitions = static_cast<int32_t>(std::max(1u, std::thread::hardware_concurrency()));
  }
  SLUICE_ASSIGN_OR_RETURN(std::unique_ptr<RateSource> source, RateSource::Make(config, ctx.clock, ctx.checkpoint_dir));
  return std::unique_ptr<Source>(std::move(source));
}

}  // namespace sluice::connectors
