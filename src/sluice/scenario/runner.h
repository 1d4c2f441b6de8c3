#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "sluice/common/status.h"
#include "sluice/scenario/scenario_file.h"

namespace sluice::scenario {

// The runner behind `sluice test`: runs `*.scenario.json` files (shared/conformance/
// FORMAT.md) against the engine, synchronously on the calling thread, with a manual
// clock, one memory sink and a temporary checkpoint folder per scenario.
//
// Scenario sources are memory streams in connectors::MemoryStreamRegistry::Global(),
// registered under the scenario's source names for the duration of one scenario and
// removed afterwards. So scenarios run one at a time: do not run two scenarios with
// the same source names concurrently in one process.

struct ScenarioOptions {
  // Also print each step as it runs and the time a scenario took.
  bool verbose = false;
  // Run only scenarios whose name or path contains this text (case-insensitive).
  std::string filter;
};

// The outcome of one scenario that could be run.
struct ScenarioResult {
  std::string path;
  std::string name;
  bool passed = false;
  // The step that did not hold: its index and kind ("checkNewAnswer"); -1 when passed.
  int failed_step = -1;
  std::string failed_kind;
  // Why it failed, multi-line, unindented: the query, then expected versus actual rows,
  // the expected and actual error, or the progress paths and report. Empty on a pass.
  std::string details;
  // One line per step that ran ("step 2 (checkAnswer): ok"), for verbose output.
  std::vector<std::string> log;
  double seconds = 0;

  // "PASS <name>" or "FAIL <name>: step <i> (<kind>)".
  std::string Headline() const;
};

// Runs a parsed scenario. A step that does not hold gives a ScenarioResult with
// passed == false. An error Status means the scenario itself is unusable beyond what
// parsing checks (a table row that does not fit its schema, a bad session time zone);
// its message starts with the file path.
Result<ScenarioResult> RunScenario(const Scenario& scenario);

// Loads and runs one file. Errors: unreadable file (IOError), invalid JSON (ParseError
// with nlohmann's line and column), bad structure (InvalidArgument), and those of
// RunScenario; every message starts with the file path.
Result<ScenarioResult> RunScenarioFile(const std::string& path);

// Runs every scenario under `paths` (files, or folders searched recursively for
// `*.scenario.json`) in sorted path order and prints to `out`: per scenario a line
// `PASS <name>` or `FAIL <name>: step <i> (<kind>)` followed by indented details; a
// file that cannot be used prints `FAIL <path>: <reason>`. The last line is exactly
// `<n> passed, <m> failed`. Returns the process exit code: 0 only when at least one
// scenario ran and none failed, 1 otherwise.
int RunScenarioPaths(const std::vector<std::string>& paths, const ScenarioOptions& options, std::ostream& out);

}  // namespace sluice::scenario
