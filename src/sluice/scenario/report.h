#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sluice/scenario/row_diff.h"
#include "sluice/scenario/scenario_file.h"

namespace sluice::scenario {

// Text blocks for failure reports (STYLE.md §7). Each returns lines ending in '\n',
// without indentation; the runner indents them under the FAIL line.

// "2 missing rows, 1 extra row" (plus a note when an ordered check got the right rows
// in another order).
std::string DescribeRowCounts(const RowDiff& diff);

// Expected and actual rows side by side. Matched rows share a line; a missing row is
// marked `-` in the expected column, an extra row `+` in the actual column:
//
//   expected (2 rows)  | actual (2 rows)
//     [1, 10]          |   [1, 10]
//   - [2, 20]          |
//                      | + [2, 21]
//   1 missing row, 1 extra row
//
// Unordered, expected rows keep their order and extra rows come last; ordered, line i
// shows row i of each side. Long results show only the mismatched lines.
std::string FormatRowDiff(const std::vector<Json>& expected, const std::vector<Json>& actual, const RowDiff& diff);

// The expected error text and the actual message (or that there was none).
std::string FormatErrorMismatch(const std::string& expected_text, const std::optional<std::string>& actual_message);

// One checkProgress path that did not hold.
struct ProgressMismatch {
  std::string path;
  Json expected;               // "<absent>" when the field should be missing
  std::optional<Json> actual;  // nullopt when the field is missing
};

// The failing paths with expected and actual values, then the whole report, titled
// `which_report` ("last progress", "last progress with data").
std::string FormatProgressMismatches(const std::vector<ProgressMismatch>& mismatches, const std::string& which_report,
                                     const Json& progress);

// Prefixes every line of `text` with `spaces` spaces.
std::string Indent(const std::string& text, int spaces);

}  // namespace sluice::scenario
