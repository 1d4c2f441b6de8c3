#include "sluice/runtime/streaming_query.h"

#include <charconv>
#include <chrono>
#include <filesystem>
#include <limits>

#include "sluice/checkpoint/uuid.h"
#include "sluice/connectors/registry.h"
#include "sluice/state/memory_state_store.h"

namespace sluice::runtime {

namespace {

int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// A stable description of what a checkpoint's state belongs to: the sources and the
// stateful operators. Stateless changes (a new column, another filter) keep it.
std::string PlanFingerprint(const PreparedQuery& q) {
  std::string out;
  for (const auto& s : q.physical.sources) out += "source " + s->name + " [" + s->format + "]\n";
  std::function<void(const plan::PlanNode&)> walk = [&](const plan::PlanNode& n) {
    for (const auto& c : n.children) walk(*c);
    if (n.kind == plan::NodeKind::kAggregate || n.kind == plan::NodeKind::kDeduplicate) {
      std::string line = n.ToString();
      // Expression ids (#n) depend on column positions, not on the state layout.
      std::string clean;
      for (size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '#') {
          while (i + 1 < line.size() && std::isdigit(static_cast<unsigned char>(line[i + 1]))) ++i;
          continue;
        }
        clean += line[i];
      }
      out += clean + "\n";
    }
  };
  walk(*q.optimized);
  return out;
}

bool SameOffset(const connectors::Offset& a, const connectors::Offset& b) { return a == b; }

// How long the idle loop waits before polling the sources again: Spark's internal
// spark.sql.streaming.pollingDelay (default 10 ms), in milliseconds, optionally
// written with "ms" or "s".
constexpr const char* kPollingDelay = "sluice.sql.streaming.pollingDelay";

Result<int64_t> PollingDelayMs(const Config& conf) {
  std::string text = conf.GetString(kPollingDelay, "10");
  int64_t scale = 1;
  if (text.ends_with("ms")) {
    text.resize(text.size() - 2);
  } else if (text.ends_with("s")) {
    text.resize(text.size() - 1);
    scale = 1000;
  }
  int64_t value = -1;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 0 ||
      value > std::numeric_limits<int64_t>::max() / scale) {
    return Status::InvalidArgument("spark.sql.streaming.pollingDelay must be a duration such as 10ms or 1s, got '" +
                                   conf.GetString(kPollingDelay, "") + "'");
  }
  return value * scale;
}

}  // namespace

Result<std::shared_ptr<StreamingQuery>> StreamingQuery::Create(plan::LogicalPlanPtr logical,
                                                               std::shared_ptr<const plan::Catalog> catalog,
                                                               QueryOptions options) {
  std::shared_ptr<StreamingQuery> q(new StreamingQuery());
  Status s = q->Initialize(std::move(logical), std::move(catalog), std::move(options));
  if (!s.ok()) {
    q->active_ = false;
    q->terminated_ = true;
    return s;
  }
  return q;
}

StreamingQuery::~StreamingQuery() { Stop(); }

Status StreamingQuery::Initialize(plan::LogicalPlanPtr logical, std::shared_ptr<const plan::Catalog> catalog,
                                  QueryOptions options) {
  options_ = std::move(options);
  clock_ = options_.clock ? options_.clock : SystemClock::Default();
  catalog_ = std::move(catalog);
  run_id_ = checkpoint::NewUuid();
  if (!options_.sink) return Status::InvalidArgument("a streaming query needs a sink");

  // Where the checkpoint lives.
  checkpoint_path_ = options_.checkpoint_location;
  if (checkpoint_path_.empty()) {
    std::string root = options_.conf.GetString(conf::kCheckpointLocation, "");
    if (!root.empty()) checkpoint_path_ = root + "/" + (options_.name.empty() ? checkpoint::NewUuid() : options_.name);
  }
  if (checkpoint_path_.empty()) {
    if (options_.sink_requires_checkpoint) {
      return Status::AnalysisError(
          "checkpointLocation must be specified either through option(\"checkpointLocation\", ...) or "
          "SparkSession.conf.set(\"spark.sql.streaming.checkpointLocation\", ...)");
    }
    checkpoint_path_ = (std::filesystem::temp_directory_path() / ("sluice-checkpoint-" + checkpoint::NewUuid())).string();
    temporary_checkpoint_ = true;
  }
  {
    auto dir = checkpoint::CheckpointDir::Open(checkpoint_path_, options_.name);
    if (!dir.ok()) return dir.status();
    checkpoint_.emplace(std::move(dir).value());
  }
  id_ = checkpoint_->metadata().id();

  // Settings the checkpoint fixes: a restart keeps them.
  SLUICE_ASSIGN_OR_RETURN(auto latest, checkpoint_->offsets().GetLatest());
  if (latest) {
    for (const char* key : {conf::kShufflePartitions, conf::kMultipleWatermarkPolicy}) {
      auto it = latest->second.conf.find(Config::NormalizeKey(key));
      if (it == latest->second.conf.end()) it = latest->second.conf.find("spark." + std::string(key).substr(7));
      if (it != latest->second.conf.end()) options_.conf.Set(key, it->second);
    }
  }
  watermark_policy_ = options_.conf.GetString(conf::kMultipleWatermarkPolicy, "min");
  for (auto& c : watermark_policy_) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (watermark_policy_ != "min" && watermark_policy_ != "max") {
    // Spark's MultipleWatermarkPolicy.apply wording, then what would work.
    return Status::InvalidArgument("Could not recognize watermark policy '" +
                                   options_.conf.GetString(conf::kMultipleWatermarkPolicy, "") +
                                   "': spark.sql.streaming.multipleWatermarkPolicy must be min or max");
  }
  SLUICE_ASSIGN_OR_RETURN(no_data_batches_, options_.conf.GetBool(conf::kNoDataMicroBatches, true));
  SLUICE_ASSIGN_OR_RETURN(polling_delay_ms_, PollingDelayMs(options_.conf));
  SLUICE_ASSIGN_OR_RETURN(int64_t recent, options_.conf.GetInt(conf::kNumRecentProgress, 100));
  max_recent_progress_ = static_cast<size_t>(std::max<int64_t>(1, recent));

  SLUICE_ASSIGN_OR_RETURN(prepared_, PrepareQuery(*logical, *catalog_, options_.conf, options_.output_mode));
  SLUICE_ASSIGN_OR_RETURN(eval_, MakeEvalContext(options_.conf));
  SLUICE_ASSIGN_OR_RETURN(int partitions, NumShufflePartitions(options_.conf));

  // A checkpoint written by another query is refused, never silently reused.
  std::string fingerprint = PlanFingerprint(prepared_);
  SLUICE_RETURN_IF_ERROR(checkpoint_->CheckCompatible(fingerprint));
  if (!checkpoint_->query_info()) {
    checkpoint::QueryInfo info;
    info.query_name = options_.name;
    info.plan_fingerprint = fingerprint;
    info.num_shuffle_partitions = partitions;
    info.watermark_policy = watermark_policy_;
    SLUICE_RETURN_IF_ERROR(checkpoint_->SaveQueryInfo(info));
  }

  size_t num_sources = prepared_.physical.sources.size();
  has_watermark_ = !prepared_.physical.watermark_delays.empty();
  operator_watermarks_ms_.assign(prepared_.physical.watermark_delays.size(), std::nullopt);
  committed_offsets_.assign(num_sources, nullptr);

  // Recovery: continue after the last committed batch, or replay a planned one.
  if (latest) {
    int64_t n = latest->first;
    const checkpoint::OffsetSeq& seq = latest->second;
    if (seq.offsets.size() != num_sources) {
      return Status::AnalysisError("checkpoint location '" + checkpoint_path_ + "' belongs to a query with " +
                                   std::to_string(seq.offsets.size()) + " sources, but this query has " +
                                   std::to_string(num_sources) + "; use a new checkpointLocation");
    }
    SLUICE_ASSIGN_OR_RETURN(auto commit, checkpoint_->commits().GetLatest());
    if (commit && commit->first >= n) {
      next_batch_id_ = n + 1;
      committed_offsets_ = seq.offsets;
      watermark_ms_ = commit->second.next_batch_watermark_ms;
      last_batch_watermark_ms_ = seq.batch_watermark_ms;
    } else {
      next_batch_id_ = n;
      replay_end_ = seq.offsets;
      watermark_ms_ = seq.batch_watermark_ms;
      if (n > 0) {
        SLUICE_ASSIGN_OR_RETURN(auto prev, checkpoint_->offsets().Get(n - 1));
        if (!prev) {
          return Status::Corruption("checkpoint '" + checkpoint_path_ + "': offsets/" + std::to_string(n - 1) +
                                    " is missing, needed to replay batch " + std::to_string(n));
        }
        committed_offsets_ = prev->offsets;
        last_batch_watermark_ms_ = prev->batch_watermark_ms;
      }
    }
  }

  // Sources.
  for (size_t i = 0; i < num_sources; ++i) {
    const auto& rel = prepared_.physical.sources[i];
    connectors::ConnectorContext ctx;
    ctx.name = rel->name;
    ctx.options = rel->options;
    if (rel->user_schema) ctx.user_schema = rel->schema;
    ctx.clock = clock_;
    ctx.conf = &options_.conf;
    SLUICE_ASSIGN_OR_RETURN(ctx.checkpoint_dir, checkpoint_->CreateSourceDir(static_cast<int64_t>(i)));
    auto source = connectors::CreateSource(rel->format, ctx);
    if (!source.ok()) return source.status().WithContext("source '" + rel->name + "'");
    (*source)->SetDataListener([wake = wake_] { wake->Notify(); });
    sources_.push_back(std::move(source).value());
  }

  SLUICE_ASSIGN_OR_RETURN(state::StateStoreOptions store_options, state::StateStoreOptions::FromConfig(options_.conf));
  state_provider_ = std::make_unique<state::MemoryStateStoreProvider>(store_options);
  pool_ = std::make_unique<ThreadPool>(std::min(partitions, static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))));
  exec::StateContext state_ctx;
  state_ctx.checkpoint_state_dir = checkpoint_path_ + "/state";
  state_ctx.version = next_batch_id_;
  state_ctx.provider = state_provider_.get();
  SLUICE_RETURN_IF_ERROR(prepared_.physical.root->Open(state_ctx));

  if (options_.trigger.kind == Trigger::Kind::kAvailableNow) {
    for (auto& s : sources_) s->PrepareForAvailableNow();
  }
  status_.message = "Initializing sources";
  return Status::OK();
}

void StreamingQuery::UpdateWatermark(const std::vector<exec::EventTimeStats>& stats) {
  if (!has_watermark_) return;
  const auto& delays = prepared_.physical.watermark_delays;
  std::vector<int64_t> values;
  for (size_t i = 0; i < delays.size(); ++i) {
    if (i < stats.size() && stats[i].count > 0) {
      // Spark tracks event time in milliseconds.
      int64_t candidate = FloorDiv(stats[i].max, 1000) - delays[i] / 1000;
      if (!operator_watermarks_ms_[i] || candidate > *operator_watermarks_ms_[i]) operator_watermarks_ms_[i] = candidate;
    } else if (!operator_watermarks_ms_[i]) {
      operator_watermarks_ms_[i] = 0;  // an input without data yet holds the minimum at 0
    }
    values.push_back(*operator_watermarks_ms_[i]);
  }
  if (values.empty()) return;
  int64_t chosen = watermark_policy_ == "max" ? *std::max_element(values.begin(), values.end())
                                              : *std::min_element(values.begin(), values.end());
  if (chosen > watermark_ms_) watermark_ms_ = chosen;  // never moves backwards
}

Status StreamingQuery::Step(bool* ran) {
  *ran = false;
  if (!active_.load() || stop_.load()) return Status::OK();
  int64_t now = NowMicros();
  if (options_.trigger.kind == Trigger::Kind::kProcessingTime && now < next_trigger_micros_) return Status::OK();
  if (options_.trigger.kind == Trigger::Kind::kOnce && once_done_) return Status::OK();
  {
    std::lock_guard<std::mutex> lock(state_mu_);
    status_.is_trigger_active = true;
  }
  int64_t trigger_start = now;
  int64_t t0 = SteadyMs();
  std::vector<connectors::Offset> end;
  bool has_data = false;
  if (replay_end_) {
    end = *replay_end_;
    for (size_t i = 0; i < end.size(); ++i) has_data = has_data || !SameOffset(end[i], committed_offsets_[i]);
  } else {
    for (size_t i = 0; i < sources_.size(); ++i) {
      auto latest = sources_[i]->LatestOffset(committed_offsets_[i], connectors::ReadLimit{});
      if (!latest.ok()) return latest.status().WithContext("source '" + prepared_.physical.sources[i]->name + "'");
      end.push_back(*latest);
      has_data = has_data || !SameOffset(*latest, committed_offsets_[i]);
    }
  }
  int64_t latest_offset_ms = SteadyMs() - t0;
  bool no_data_batch = !has_data && !replay_end_ && no_data_batches_ && has_watermark_ && next_batch_id_ > 0 &&
                       prepared_.physical.root->NeedsNoDataBatch(watermark_ms_ * 1000);
  if (options_.trigger.kind == Trigger::Kind::kProcessingTime && options_.trigger.interval_micros > 0) {
    next_trigger_micros_ = (now / options_.trigger.interval_micros + 1) * options_.trigger.interval_micros;
  }
  if (!has_data && !no_data_batch && !replay_end_) {
    std::lock_guard<std::mutex> lock(state_mu_);
    status_.message = "Waiting for data to arrive";
    status_.is_data_available = false;
    status_.is_trigger_active = false;
    if (options_.trigger.kind == Trigger::Kind::kOnce) once_done_ = true;
    return Status::OK();
  }
  int64_t batch_id = next_batch_id_;
  if (!replay_end_) {
    checkpoint::OffsetSeq seq;
    seq.batch_watermark_ms = watermark_ms_;
    seq.batch_timestamp_ms = trigger_start / 1000;
    SLUICE_ASSIGN_OR_RETURN(int partitions, NumShufflePartitions(options_.conf));
    seq.conf[Config::NormalizeKey(conf::kShufflePartitions)] = std::to_string(partitions);
    seq.conf[Config::NormalizeKey(conf::kMultipleWatermarkPolicy)] = watermark_policy_;
    seq.offsets = end;
    SLUICE_RETURN_IF_ERROR(checkpoint_->offsets().Add(batch_id, seq));
  }
  replay_end_.reset();
  *ran = true;
  if (options_.trigger.kind == Trigger::Kind::kOnce) once_done_ = true;
  return RunBatch(batch_id, committed_offsets_, end, has_data, trigger_start, latest_offset_ms);
}

Status StreamingQuery::RunBatch(int64_t batch_id, std::vector<connectors::Offset> start,
                                const std::vector<connectors::Offset>& end, bool has_data, int64_t trigger_start_micros,
                                int64_t latest_offset_ms) {
  {
    std::lock_guard<std::mutex> lock(state_mu_);
    status_.message = "Processing new data";
    status_.is_data_available = has_data;
  }
  int64_t t_start = SteadyMs();
  BatchProgress progress;
  progress.duration_ms["latestOffset"] = latest_offset_ms;

  // Read each source's rows; every returned batch is its own input partition.
  exec::BatchContext ctx;
  ctx.batch_id = batch_id;
  ctx.streaming = true;
  ctx.output_mode = options_.output_mode;
  ctx.pool = pool_.get();
  ctx.eval = eval_;
  ctx.eval.current_timestamp_micros = trigger_start_micros;
  if (options_.late_rows_sink) ctx.late_rows_operator = 0;  // the most upstream stateful operator
  int64_t batch_watermark_ms = watermark_ms_;
  if (has_watermark_) {
    ctx.watermark_for_late_rows = last_batch_watermark_ms_ * 1000;
    ctx.watermark_for_eviction = batch_watermark_ms * 1000;
  }
  int64_t t0 = SteadyMs();
  std::vector<int64_t> rows_per_source(sources_.size(), 0);
  ctx.source_data.resize(sources_.size());
  for (size_t i = 0; i < sources_.size(); ++i) {
    if (SameOffset(start[i], end[i])) continue;
    auto data = sources_[i]->GetBatch(start[i], end[i]);
    if (!data.ok()) return data.status().WithContext("source '" + prepared_.physical.sources[i]->name + "'");
    for (const auto& b : *data) {
      rows_per_source[i] += b->num_rows();
      ctx.source_data[i].push_back({b});
    }
  }
  progress.duration_ms["getBatch"] = SteadyMs() - t0;
  progress.duration_ms["queryPlanning"] = 0;

  t0 = SteadyMs();
  auto output = prepared_.physical.root->Execute(ctx);
  if (!output.ok()) return output.status().WithContext("batch " + std::to_string(batch_id));
  exec::Partition out = exec::Flatten(*output);
  for (auto& b : out) {
    b = std::make_shared<types::Batch>(prepared_.physical.output_schema, b->columns(), b->num_rows());
  }
  // Sinks always get the schema, even for an empty result.
  if (out.empty()) out.push_back(types::Batch::Empty(prepared_.physical.output_schema));
  int64_t output_rows = 0;
  for (const auto& b : out) output_rows += b->num_rows();
  SLUICE_RETURN_IF_ERROR(options_.sink->AddBatch(batch_id, out, options_.output_mode).WithContext(
      "sink " + options_.sink->Description() + ", batch " + std::to_string(batch_id)));
  if (options_.late_rows_sink && !ctx.late_rows.empty()) {
    // Late rows reach their side sink before the batch commits, so a replay resends them
    // with the same batch id (idempotent sinks keep them once).
    SLUICE_RETURN_IF_ERROR(options_.late_rows_sink->AddBatch(batch_id, ctx.late_rows, OutputMode::kAppend)
                               .WithContext("late rows sink " + options_.late_rows_sink->Description()));
  }
  progress.duration_ms["addBatch"] = SteadyMs() - t0;

  t0 = SteadyMs();
  SLUICE_RETURN_IF_ERROR(prepared_.physical.root->CommitState(batch_id + 1, pool_.get()));
  UpdateWatermark(ctx.event_time_stats);
  SLUICE_RETURN_IF_ERROR(checkpoint_->commits().Add(batch_id, watermark_ms_));
  for (size_t i = 0; i < sources_.size(); ++i) {
    if (!end[i].is_null()) sources_[i]->Commit(end[i]);
  }
  committed_offsets_ = end;
  next_batch_id_ = batch_id + 1;
  last_batch_watermark_ms_ = batch_watermark_ms;
  SLUICE_ASSIGN_OR_RETURN(int64_t retain, options_.conf.GetInt(conf::kMinBatchesToRetain, 100));
  // Listing and deleting old log files costs more than a batch; do it every 10 batches.
  if (batch_id % 10 == 0) SLUICE_RETURN_IF_ERROR(SchedulePurge(batch_id, retain));
  progress.duration_ms["commitOffsets"] = SteadyMs() - t0;
  progress.duration_ms["walCommit"] = 0;
  int64_t total_ms = SteadyMs() - t_start + latest_offset_ms;
  progress.duration_ms["triggerExecution"] = total_ms;

  // Progress, in Spark's StreamingQueryProgress shape.
  progress.id = id_;
  progress.run_id = run_id_;
  progress.name = options_.name;
  progress.trigger_start_micros = trigger_start_micros;
  progress.batch_id = batch_id;
  progress.batch_duration_ms = total_ms;
  for (int64_t r : rows_per_source) progress.num_input_rows += r;
  double processing_sec = std::max<double>(total_ms, 1) / 1000.0;
  progress.processed_rows_per_second = progress.num_input_rows / processing_sec;
  if (last_trigger_start_micros_ >= 0 && trigger_start_micros > last_trigger_start_micros_) {
    progress.input_rows_per_second =
        progress.num_input_rows / ((trigger_start_micros - last_trigger_start_micros_) / 1e6);
  }
  last_trigger_start_micros_ = trigger_start_micros;
  progress.has_event_time = has_watermark_;
  progress.watermark_micros = batch_watermark_ms * 1000;
  for (const auto& s : ctx.event_time_stats) progress.event_time.Merge(s);
  prepared_.physical.root->CollectStateProgress(&progress.state_operators);
  for (size_t i = 0; i < sources_.size(); ++i) {
    BatchProgress::SourceProgress sp;
    sp.description = sources_[i]->Description();
    sp.start_offset = start[i];
    sp.end_offset = end[i];
    sp.latest_offset = end[i];
    sp.num_input_rows = rows_per_source[i];
    sp.processed_rows_per_second = rows_per_source[i] / processing_sec;
    progress.sources.push_back(sp);
  }
  progress.sink_description = options_.sink->Description();
  progress.sink_num_output_rows = output_rows;
  ProgressJson json = progress.ToJson();
  {
    std::lock_guard<std::mutex> lock(state_mu_);
    recent_progress_.push_back(json);
    while (recent_progress_.size() > max_recent_progress_) recent_progress_.pop_front();
    if (has_data) last_with_data_ = json;
    status_.message = "Waiting for next trigger";
    status_.is_trigger_active = false;
  }
  if (progress_listener_) progress_listener_(json);
  return Status::OK();
}

Status StreamingQuery::SchedulePurge(int64_t batch_id, int64_t retain) {
  // Argument errors (and nothing to purge yet) are answered here, without a thread.
  if (retain < 1 || batch_id <= retain) return checkpoint_->PurgeOldBatches(batch_id, retain);
  {
    // A purge failed since the last call: the checkpoint directory is in trouble, so
    // the query fails, as it did when purging ran in the batch.
    std::lock_guard<std::mutex> lock(purge_mu_);
    if (!purge_error_.ok()) return purge_error_.WithContext("purging old offsets and commits");
  }
  // Replaces a purge still waiting; the newer one deletes those files too. Only
  // files of batches older than the retained range go, which the query thread no
  // longer reads or writes, so a purge may overlap the next batches' log writes.
  purges_.Submit("purge", batch_id, [this, batch_id, retain] {
    Status s = checkpoint_->PurgeOldBatches(batch_id, retain);
    if (!s.ok()) {
      std::lock_guard<std::mutex> lock(purge_mu_);
      purge_error_ = s;
    }
    return s;
  });
  return Status::OK();
}

void StreamingQuery::Fail(const Status& s) {
  std::lock_guard<std::mutex> lock(state_mu_);
  if (error_.ok()) error_ = s;
  active_ = false;
  status_.message = "Terminated with exception: " + s.message();
  status_.is_trigger_active = false;
}

Status StreamingQuery::RunUntilIdle() {
  std::lock_guard<std::mutex> run_lock(run_mu_);
  while (true) {
    bool ran = false;
    Status s = Step(&ran);
    if (!s.ok()) {
      Fail(s);
      break;
    }
    if (!ran) break;
    if (options_.trigger.kind == Trigger::Kind::kOnce) break;
  }
  bool finished = (options_.trigger.kind == Trigger::Kind::kOnce && once_done_) ||
                  options_.trigger.kind == Trigger::Kind::kAvailableNow;
  if (finished && active_.load()) {
    // Once / AvailableNow queries stop by themselves when their data is processed.
    std::lock_guard<std::mutex> lock(state_mu_);
    active_ = false;
    terminated_ = true;
    status_.message = "Stopped";
  }
  return exception();
}

void StreamingQuery::WakeSignal::Notify() {
  {
    std::lock_guard<std::mutex> lock(mu);
    pending = true;
  }
  cv.notify_one();
}

void StreamingQuery::WakeSignal::Close() {
  {
    std::lock_guard<std::mutex> lock(mu);
    closed = true;
  }
  cv.notify_all();
}

void StreamingQuery::WakeSignal::Clear() {
  std::lock_guard<std::mutex> lock(mu);
  pending = false;
}

void StreamingQuery::WakeSignal::WaitFor(int64_t timeout_ms) {
  std::unique_lock<std::mutex> lock(mu);
  cv.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return pending || closed; });
}

void StreamingQuery::ThreadLoop() {
  while (!stop_.load() && active_.load()) {
    bool ran = false;
    Status s;
    {
      std::lock_guard<std::mutex> run_lock(run_mu_);
      // Data announced from here on is new to this Step and wakes the next wait.
      wake_->Clear();
      s = Step(&ran);
    }
    if (!s.ok()) {
      Fail(s);
      break;
    }
    if (!ran) {
      {
        std::lock_guard<std::mutex> lock(state_mu_);
        ++idle_count_;
      }
      idle_cv_.notify_all();
      if (options_.trigger.kind == Trigger::Kind::kOnce || options_.trigger.kind == Trigger::Kind::kAvailableNow) break;
      if (options_.trigger.kind == Trigger::Kind::kProcessingTime) {
        clock_->SleepUntil(next_trigger_micros_, &stop_);
      } else {
        // Spark polls the sources every pollingDelay (10 ms) when idle; a source that
        // announces new data (Source::SetDataListener) ends the wait at once, and so
        // does Stop(). The delay is real time, as Spark's Thread.sleep.
        wake_->WaitFor(polling_delay_ms_);
      }
    } else if (options_.trigger.kind == Trigger::Kind::kOnce) {
      break;
    }
  }
  {
    std::lock_guard<std::mutex> lock(state_mu_);
    active_ = false;
    terminated_ = true;
    if (error_.ok()) status_.message = "Stopped";
  }
  idle_cv_.notify_all();
}

Status StreamingQuery::Start() {
  if (thread_.joinable()) return Status::InvalidArgument("query is already started");
  thread_ = std::thread([this] { ThreadLoop(); });
  return Status::OK();
}

Status StreamingQuery::ProcessAllAvailable() {
  if (!thread_.joinable()) return RunUntilIdle();
  std::unique_lock<std::mutex> lock(state_mu_);
  int64_t target = idle_count_ + 2;  // a full idle trigger that began after this call
  idle_cv_.wait(lock, [&] { return idle_count_ >= target || terminated_ || !active_.load(); });
  return error_;
}

void StreamingQuery::Stop() {
  stop_ = true;
  wake_->Close();
  if (thread_.joinable()) {
    // Stop() from the query's own thread (e.g. inside foreachBatch) cannot join itself;
    // the loop sees stop_ and ends after the current batch.
    if (thread_.get_id() == std::this_thread::get_id()) return;
    thread_.join();
  }
  {
    std::lock_guard<std::mutex> run_lock(run_mu_);
    for (auto& s : sources_) s->Stop();
    // A snapshot still being written finishes; queued ones are dropped (the deltas
    // already make every committed version loadable).
    if (state_provider_) state_provider_->Close();
  }
  // A purge is short: let a queued one run too, then stop the thread.
  purges_.Drain();
  purges_.Close();
  {
    std::lock_guard<std::mutex> lock(state_mu_);
    active_ = false;
    terminated_ = true;
    if (error_.ok()) status_.message = "Stopped";
  }
  idle_cv_.notify_all();
  if (temporary_checkpoint_ && error_.ok()) {
    std::error_code ec;
    std::filesystem::remove_all(checkpoint_path_, ec);
    temporary_checkpoint_ = false;
  }
}

bool StreamingQuery::AwaitTermination(int64_t timeout_ms) {
  std::unique_lock<std::mutex> lock(state_mu_);
  auto done = [&] { return terminated_ || !active_.load(); };
  if (timeout_ms < 0) {
    idle_cv_.wait(lock, done);
    return true;
  }
  return idle_cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), done);
}

Status StreamingQuery::exception() const {
  std::lock_guard<std::mutex> lock(state_mu_);
  return error_;
}

std::optional<ProgressJson> StreamingQuery::LastProgress() const {
  std::lock_guard<std::mutex> lock(state_mu_);
  if (recent_progress_.empty()) return std::nullopt;
  return recent_progress_.back();
}

std::optional<ProgressJson> StreamingQuery::LastProgressWithData() const {
  std::lock_guard<std::mutex> lock(state_mu_);
  return last_with_data_;
}

std::vector<ProgressJson> StreamingQuery::RecentProgress() const {
  std::lock_guard<std::mutex> lock(state_mu_);
  return {recent_progress_.begin(), recent_progress_.end()};
}

ProgressJson StreamingQuery::StatusJson() const {
  std::lock_guard<std::mutex> lock(state_mu_);
  return status_.ToJson();
}

std::string StreamingQuery::Explain(bool extended) const { return ExplainString(prepared_, extended); }

}  // namespace sluice::runtime
