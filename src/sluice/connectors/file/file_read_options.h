#pragma once

#include <optional>
#include <string>

#include "sluice/common/config.h"
#include "sluice/common/time.h"
#include "sluice/connectors/file/datetime_pattern.h"
#include "sluice/connectors/file/file_format.h"
#include "sluice/connectors/option_table.h"
#include "sluice/types/schema.h"

namespace sluice::connectors {

// Spark's parse modes (FailureSafeParser) for malformed records.
enum class ParseMode : uint8_t { kPermissive, kDropMalformed, kFailFast };
// "PERMISSIVE", "DROPMALFORMED", "FAILFAST".
const char* ParseModeName(ParseMode mode);

// How CSV lines are split into values (Spark's CSVOptions, read side).
struct CsvReadSettings {
  bool header = false;
  std::string sep = ",";
  char quote = '"';  // '\0': quoting off
  char escape = '\\';
  std::string null_value;
  std::string empty_value;
  std::string nan_value = "NaN";
  std::string positive_inf = "Inf";
  std::string negative_inf = "-Inf";
  char comment = '\0';  // '\0': no comment lines
  bool ignore_leading_whitespace = false;
  bool ignore_trailing_whitespace = false;
};

// Everything the readers need from the options of a file source or batch read, already
// checked. Copyable; immutable after From.
struct FileReadOptions {
  FileFormat format = FileFormat::kJson;
  ParseMode mode = ParseMode::kPermissive;
  std::string corrupt_column = "_corrupt_record";
  TimeZone tz;                                   // timeZone option, else the session zone
  std::optional<DateTimePattern> timestamp_format;  // unset: Spark's CAST rules
  std::optional<DateTimePattern> date_format;
  CsvReadSettings csv;
  bool wholetext = false;
  bool ignore_missing_files = false;
  bool ignore_corrupt_files = false;

  // Reads the options (validated against FileSourceOptionTable(format)). `conf` may be
  // null (session zone UTC). InvalidArgument for bad values: an unknown mode, a bad
  // datetime pattern or zone, multiLine true, an encoding other than UTF-8, a CSV quote
  // or escape longer than one character, an empty separator.
  static Result<FileReadOptions> From(FileFormat format, const ConnectorOptions& options, const Config* conf);
};

// Checks that `schema` can be read in `options.format`: CSV supports no ARRAY or STRUCT
// columns; text needs exactly one STRING column; the corrupt-record column, when present,
// must be STRING. AnalysisError with Spark's wording.
Status CheckReadSchema(const types::Schema& schema, const FileReadOptions& options);

// Parses Spark's escaped single characters and separators: "\\t" is a tab, "\\n",
// "\\r", "\\\\", "\\u0001"; other text is returned as is.
std::string UnescapeOptionText(const std::string& text);

}  // namespace sluice::connectors
