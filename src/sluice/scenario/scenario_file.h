#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sluice/common/config.h"
#include "sluice/common/output_mode.h"
#include "sluice/common/status.h"
#include "sluice/runtime/trigger.h"
#include "sluice/types/schema.h"

namespace sluice::scenario {

// Scenario JSON keeps object keys in file order, so struct values and plans print as
// they were written.
using Json = nlohmann::ordered_json;

// The step kinds of shared/conformance/FORMAT.md.
enum class StepKind : uint8_t {
  kAddData,
  kProcessAllAvailable,
  kCheckNewAnswer,
  kCheckAnswer,
  kCheckProgress,
  kStop,
  kStart,
  kAdvanceClock,
  kExpectFailure,
  kExpectAnalysisError,
};

// The key that names the step in the file: "addData", "checkNewAnswer", ...
const char* StepKindName(StepKind kind);

// One step, checked for shape when the file is parsed.
struct Step {
  StepKind kind = StepKind::kProcessAllAvailable;
  // The value under the kind's key: the rows of an answer check, the map of an
  // addData, the paths of a checkProgress, the text of an expected error ...
  Json arg;
  // Answer checks: compare rows in order ("ordered": true).
  bool ordered = false;
  // checkProgress: read the last report of a batch that had input ("of": "lastWithData").
  bool of_last_with_data = false;
  // advanceClock: the parsed interval.
  int64_t advance_micros = 0;
};

// A declared memory stream.
struct SourceSpec {
  std::string name;
  types::SchemaPtr schema;
};

// A static table; its rows stay JSON until the session time zone is known.
struct TableSpec {
  std::string name;
  types::SchemaPtr schema;
  Json rows;
};

// A parsed `*.scenario.json` file (see shared/conformance/FORMAT.md). Parsing checks
// the structure only: known keys, value shapes, schemas, plan operations, step kinds.
// Whether the query is valid is the engine's business (expectAnalysisError).
struct Scenario {
  std::string path;
  std::string name;
  std::string about;
  Config conf;
  std::vector<SourceSpec> sources;  // in file order
  std::vector<TableSpec> tables;
  std::string query;  // SQL text; empty when `plan` is given
  Json plan;          // DataFrame operations; null when `query` is given
  OutputMode output_mode = OutputMode::kAppend;
  runtime::Trigger trigger;
  std::vector<Step> steps;

  // The query as one line for failure reports: the SQL text or the compact plan JSON.
  std::string QueryText() const;
};

// Parses scenario text. `path` only names the file in messages. Errors:
//   ParseError "<path>: invalid JSON: parse error at line 3, column 5: ..." when the
//   text is not JSON; InvalidArgument "<path>: <where>: <what>" when the structure is
//   wrong (unknown step kind, missing query, bad schema ...).
Result<Scenario> ParseScenario(std::string_view text, const std::string& path);

// Reads and parses a file (IOError naming the file when it cannot be read).
Result<Scenario> LoadScenarioFile(const std::string& path);

// Expands files and folders (searched recursively for `*.scenario.json`) into a sorted,
// duplicate-free list of files. A file given by name is taken whatever its suffix.
// Paths that do not exist (or folders that cannot be read) are appended to `missing`
// with the reason, "tests/x: no such file or directory"; the others are still listed.
std::vector<std::string> FindScenarioFiles(const std::vector<std::string>& paths, std::vector<std::string>* missing);

}  // namespace sluice::scenario
