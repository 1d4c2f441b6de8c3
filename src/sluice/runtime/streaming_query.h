#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "sluice/checkpoint/checkpoint_dir.h"
#include "sluice/common/clock.h"
#include "sluice/common/config.h"
#include "sluice/connectors/sink.h"
#include "sluice/connectors/source.h"
#include "sluice/runtime/progress.h"
#include "sluice/runtime/query_planner.h"
#include "sluice/runtime/trigger.h"
#include "sluice/state/maintenance_queue.h"
#include "sluice/state/state_store.h"

namespace sluice::runtime {

// How a streaming query runs and where it writes.
struct QueryOptions {
  std::string name;                          // queryName; "" = unnamed
  OutputMode output_mode = OutputMode::kAppend;
  Trigger trigger;
  std::string checkpoint_location;           // "" = a temporary directory (memory/console sinks)
  Config conf;                               // session settings merged with the query's
  std::shared_ptr<connectors::Sink> sink;    // shared so it can outlive one run of the query
  // Beyond Spark: where rows dropped behind the watermark go (query option
  // `lateRowsSink`), appended with the batch id they were dropped in; null: dropped.
  std::shared_ptr<connectors::Sink> late_rows_sink;
  bool sink_requires_checkpoint = false;     // Spark requires checkpointLocation except for memory/console
  const Clock* clock = nullptr;              // default: the system clock
};

// A running streaming query: Spark's MicroBatchExecution. Each batch:
//   1. asks the sources for their latest offsets (within their read limits),
//   2. writes offsets/N to the checkpoint (write-ahead) before any work,
//   3. reads the rows between the previous and the new offsets and runs the plan,
//   4. hands the result to the sink with batch id N (sinks are idempotent per id),
//   5. commits the state stores (version N + 1), writes commits/N, reports progress.
// A restart replays a batch that has offsets but no commit, with the same offsets.
//
// Runs either on its own thread (Start) or step by step on the caller's thread
// (RunUntilIdle), which the scenario runner uses with a manual clock.
class StreamingQuery {
 public:
  // Analyzes the query (AnalysisError when it cannot run), opens or recovers its
  // checkpoint and creates its sources. Nothing runs yet.
  static Result<std::shared_ptr<StreamingQuery>> Create(plan::LogicalPlanPtr logical,
                                                        std::shared_ptr<const plan::Catalog> catalog,
                                                        QueryOptions options);
  ~StreamingQuery();

  // Starts the background thread.
  Status Start();
  // Runs batches on the calling thread until none is due (no new data, no pending
  // no-data batch, or the trigger's time has not come). Returns the query's error.
  Status RunUntilIdle();
  // Blocks until everything available when called has been processed (Spark's
  // processAllAvailable); returns the query's error if it failed.
  Status ProcessAllAvailable();
  // Stops after the current batch; the checkpoint stays consistent.
  void Stop();
  // Waits for the query to end; false on timeout. timeout_ms < 0 waits forever.
  bool AwaitTermination(int64_t timeout_ms = -1);

  const std::string& id() const { return id_; }
  const std::string& run_id() const { return run_id_; }
  const std::string& name() const { return options_.name; }
  bool IsActive() const { return active_.load(); }
  // The error that ended the query, or OK.
  Status exception() const;
  // Spark's lastProgress / recentProgress / status, as JSON.
  std::optional<ProgressJson> LastProgress() const;
  std::optional<ProgressJson> LastProgressWithData() const;
  std::vector<ProgressJson> RecentProgress() const;
  ProgressJson StatusJson() const;
  // The EXPLAIN text of the running plan.
  std::string Explain(bool extended) const;
  const std::string& checkpoint_location() const { return checkpoint_path_; }
  // Callback after each batch's progress (sluice run --progress).
  void SetProgressListener(std::function<void(const ProgressJson&)> fn) { progress_listener_ = std::move(fn); }

 private:
  StreamingQuery() = default;
  Status Initialize(plan::LogicalPlanPtr logical, std::shared_ptr<const plan::Catalog> catalog, QueryOptions options);
  // Plans and runs at most one batch. *ran tells whether one ran.
  Status Step(bool* ran);
  Status RunBatch(int64_t batch_id, std::vector<connectors::Offset> start,
                  const std::vector<connectors::Offset>& end, bool has_data, int64_t trigger_start_micros,
                  int64_t latest_offset_ms);
  void UpdateWatermark(const std::vector<exec::EventTimeStats>& stats);
  // Queues the deletion of offsets/commits files older than the retained range on
  // purges_. Returns the error of an earlier purge, or an invalid `retain`.
  Status SchedulePurge(int64_t batch_id, int64_t retain);
  void Fail(const Status& s);
  void ThreadLoop();
  int64_t NowMicros() const { return clock_->NowMicros(); }

  QueryOptions options_;
  const Clock* clock_ = nullptr;
  std::shared_ptr<const plan::Catalog> catalog_;
  PreparedQuery prepared_;
  std::string id_, run_id_;
  std::string checkpoint_path_;
  bool temporary_checkpoint_ = false;
  std::optional<checkpoint::CheckpointDir> checkpoint_;
  std::unique_ptr<state::StateStoreProvider> state_provider_;
  std::unique_ptr<ThreadPool> pool_;
  std::vector<std::unique_ptr<connectors::Source>> sources_;
  expr::EvalContext eval_;

  // Recovery and progress through the offset log.
  int64_t next_batch_id_ = 0;
  std::vector<connectors::Offset> committed_offsets_;   // end offsets of the last committed batch
  std::optional<std::vector<connectors::Offset>> replay_end_;  // a planned, uncommitted batch
  bool has_watermark_ = false;
  int64_t watermark_ms_ = 0;            // global watermark for the next batch
  int64_t last_batch_watermark_ms_ = 0; // the watermark the last batch ran with
  std::vector<std::optional<int64_t>> operator_watermarks_ms_;
  std::string watermark_policy_ = "min";
  bool no_data_batches_ = true;
  int64_t next_trigger_micros_ = 0;
  int64_t last_trigger_start_micros_ = -1;
  bool once_done_ = false;

  // Reporting.
  mutable std::mutex state_mu_;
  std::deque<ProgressJson> recent_progress_;
  std::optional<ProgressJson> last_with_data_;
  size_t max_recent_progress_ = 100;
  QueryStatus status_;
  Status error_;
  std::function<void(const ProgressJson&)> progress_listener_;

  // Threading.
  // Wakes the idle query loop: sources that announce new data notify it, Stop()
  // closes it. Shared with the sources' data listeners, so a late call is harmless.
  struct WakeSignal {
    std::mutex mu;
    std::condition_variable cv;
    bool pending = false;  // data announced since the loop last looked
    bool closed = false;
    void Notify();
    void Close();
    // Forgets announcements so far (the next Step sees that data).
    void Clear();
    // Waits until a source announces data, Close(), or `timeout_ms`.
    void WaitFor(int64_t timeout_ms);
  };
  std::shared_ptr<WakeSignal> wake_ = std::make_shared<WakeSignal>();
  int64_t polling_delay_ms_ = 10;  // sluice.sql.streaming.pollingDelay
  std::mutex run_mu_;  // one Step at a time
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> active_{true};
  std::condition_variable idle_cv_;
  int64_t idle_count_ = 0;  // guarded by state_mu_
  bool terminated_ = false; // guarded by state_mu_

  // Old offsets/commits files are purged on a background thread, one purge at a time.
  std::mutex purge_mu_;
  Status purge_error_;  // guarded by purge_mu_
  state::MaintenanceQueue purges_;
};

}  // namespace sluice::runtime
