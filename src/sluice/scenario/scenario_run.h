#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sluice/common/clock.h"
#include "sluice/common/config.h"
#include "sluice/common/time.h"
#include "sluice/connectors/memory/memory_sink.h"
#include "sluice/connectors/memory/memory_stream.h"
#include "sluice/plan/logical_plan.h"
#include "sluice/runtime/catalog.h"
#include "sluice/runtime/streaming_query.h"
#include "sluice/scenario/runner.h"
#include "sluice/scenario/scenario_file.h"

namespace sluice::scenario {

// The state of one scenario run: the session, the query across stop/start, the sink
// and clock the runs share, and where the last answer check left off. Internal to the
// runner (runner.h is the API); exposed as a header to keep runner.cc small.
//
// Steps follow FORMAT.md: every check (and processAllAvailable / expectFailure) first
// runs the engine with RunUntilIdle() on the calling thread; addData and advanceClock
// never run it. A query that fails to start (parse, plan build or analysis error) is
// held in start_error_ and reported by the next step that needs the query, so
// expectAnalysisError and expectFailure can match it.
//
// Not thread-safe; one scenario at a time per process (its sources live in the global
// MemoryStreamRegistry while it runs).
class ScenarioRun {
 public:
  explicit ScenarioRun(const Scenario& scenario) : s_(scenario), conf_(scenario.conf), output_mode_(scenario.output_mode) {}
  ~ScenarioRun();
  ScenarioRun(const ScenarioRun&) = delete;
  ScenarioRun& operator=(const ScenarioRun&) = delete;

  // Declares sources and tables, builds the query and starts it. An error means the
  // scenario is unusable; a query that fails to start is not an error here (see
  // start_error_).
  Status Setup();
  ScenarioResult Run();

 private:
  // Each step returns true when it held, or false with the reason in *details.
  bool RunStep(const Step& step, std::string* details);
  bool AddData(const Step& step, std::string* details);
  bool CheckAnswer(const Step& step, std::string* details);
  bool CheckProgress(const Step& step, std::string* details);
  bool Stop(std::string* details);
  bool Start(const Step& step, std::string* details);
  bool ExpectError(const Step& step, std::string* details);

  // Creates the query from the checkpoint; a failure is kept in start_error_.
  void StartQuery();
  // Runs micro-batches until the engine is idle. False (with details) when the query
  // failed to start, is stopped, or failed.
  bool Drive(std::string* details);

  const Scenario& s_;
  Config conf_;
  OutputMode output_mode_;
  TimeZone tz_;
  std::string temp_dir_;  // removed with its contents by the destructor
  std::string checkpoint_location_;
  ManualClock clock_{0};
  // The sink the answer checks read: the query's own, or (conf
  // sluice.scenario.checkedSink = lateRows) the late-row side sink, while the query's
  // rows then go to other_sink_.
  std::shared_ptr<connectors::MemorySink> sink_ = std::make_shared<connectors::MemorySink>();
  std::shared_ptr<connectors::MemorySink> other_sink_ = std::make_shared<connectors::MemorySink>();
  std::shared_ptr<runtime::SessionCatalog> catalog_ = std::make_shared<runtime::SessionCatalog>();
  std::vector<std::pair<std::string, std::shared_ptr<connectors::MemoryStream>>> streams_;
  plan::LogicalPlanPtr logical_;
  Status plan_error_;
  std::shared_ptr<runtime::StreamingQuery> query_;
  // Why the last start failed; reported by the next step that needs the query, which
  // lets expectAnalysisError / expectFailure match it.
  std::optional<Status> start_error_;
  int64_t last_checked_batch_id_ = -1;
};

}  // namespace sluice::scenario
