#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/common/status.h"

namespace sluice::connectors {

// The type an option's text must parse as.
enum class OptionType : uint8_t {
  kString,
  kInt,       // 32-bit integer
  kLong,      // 64-bit integer
  kDouble,
  kBool,      // "true" / "false", any case
  kInterval,  // "5s", "500ms", "2 minutes", or a bare integer number of seconds
};

// "string", "int", "long", "double", "bool", "interval".
const char* OptionTypeName(OptionType type);

// A range check applied after the type check.
enum class OptionCheck : uint8_t { kNone, kPositive, kNonNegative };

// One option of a connector, declared once in the connector's options.h (STYLE.md §4).
// Parsing, error messages, `sluice run --help` and the docs all read this entry.
struct OptionSpec {
  const char* name;           // Spark's spelling, e.g. "rowsPerSecond"; matched case-insensitively
  OptionType type;
  const char* default_value;  // parseable text used when the option is absent; nullptr: no default
  bool required;
  OptionCheck check;
  const char* doc;            // one line; for defaults computed at run time, says so
};

using OptionTable = std::span<const OptionSpec>;

// The options of one source or sink after validation against its OptionTable.
// Every given value has been checked against its type and range, so the typed getters
// cannot fail. Getters take the spec's name (any case) and return the given value, or
// else the default, or else nullopt.
class ConnectorOptions {
 public:
  // Validates `given` (keys as the user wrote them) against `table`. `what` names the
  // connector in errors, e.g. "source 'rate'". REQUIRES: `table` outlives the result
  // (the static arrays of options.h, or the registry's lists). Errors (all InvalidArgument):
  //   unknown option 'rowsPerSecnd' for source 'rate'; valid options: rowsPerSecond, ...;
  //     did you mean 'rowsPerSecond'?
  //   Invalid value 'abc' for option 'rowsPerSecond' of source 'rate': expected a long integer
  //   Invalid value '-1'. The option 'rowsPerSecond' must be positive (source 'rate')
  //   option 'x' of source 'rate' is required
  //   option 'rowsPerSecond' is given twice for source 'rate' ('rowsPerSecond', 'ROWSPERSECOND')
  static Result<ConnectorOptions> Parse(std::string_view what, OptionTable table,
                                        const std::map<std::string, std::string>& given);

  // Whether the user gave the option (defaults do not count).
  bool Has(std::string_view name) const;
  // The text the user gave, or nullopt.
  std::optional<std::string> Raw(std::string_view name) const;

  std::optional<std::string> GetString(std::string_view name) const;
  std::optional<int64_t> GetLong(std::string_view name) const;  // kInt and kLong
  std::optional<double> GetDouble(std::string_view name) const;
  std::optional<bool> GetBool(std::string_view name) const;
  std::optional<int64_t> GetIntervalMicros(std::string_view name) const;

 private:
  // The given text, else the default text, else nullopt.
  std::optional<std::string_view> Text(std::string_view name) const;

  OptionTable table_;                         // REQUIRES: static storage (options.h arrays)
  std::map<std::string, std::string> given_;  // lower-case name -> text as given
};

// Parsing of single option texts, shared by Parse and the typed getters.
namespace option_parsing {
std::optional<int64_t> ParseLong(std::string_view text);
std::optional<double> ParseDouble(std::string_view text);
std::optional<bool> ParseBool(std::string_view text);
// Spark's JavaUtils.timeStringAsSec forms ("5", "5s", "500ms", "2min", "1h", "1d"), plus
// the interval forms of ParseIntervalMicros ("5 seconds", "1 minute 30 seconds"). A bare
// integer means seconds. Returns microseconds.
std::optional<int64_t> ParseIntervalMicros(std::string_view text);
}  // namespace option_parsing

// The valid name closest to `name` by edit distance (case-insensitive), or "" when
// nothing is close enough to be a likely typo.
std::string ClosestName(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace sluice::connectors
