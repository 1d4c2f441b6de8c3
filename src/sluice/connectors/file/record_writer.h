#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sluice/common/config.h"
#include "sluice/common/time.h"
#include "sluice/connectors/file/datetime_pattern.h"
#include "sluice/connectors/file/file_format.h"
#include "sluice/connectors/option_table.h"
#include "sluice/types/batch.h"

namespace sluice::connectors {

// How the file sink renders rows (Spark's JacksonGenerator, UnivocityGenerator and
// TextOutputWriter defaults). Immutable after From.
struct FileWriteOptions {
  FileFormat format = FileFormat::kJson;
  TimeZone tz;
  DateTimePattern timestamp_format;
  DateTimePattern date_format;
  bool ignore_null_fields = true;  // JSON
  // CSV
  bool header = false;
  std::string sep = ",";
  char quote = '"';
  char escape = '\\';
  std::string null_value;
  std::string empty_value = "\"\"";
  bool quote_all = false;
  bool escape_quotes = true;
  bool ignore_leading_whitespace = true;
  bool ignore_trailing_whitespace = true;

  // Reads the options of a `format` sink (validated against FileSinkOptionTable).
  // InvalidArgument for a bad pattern or zone, an encoding other than UTF-8, an empty
  // separator, or a quote/escape that is not one character.
  static Result<FileWriteOptions> From(FileFormat format, const ConnectorOptions& options, const Config* conf);
};

// Renders `num_rows` rows of `batch` (the row numbers in `rows`), only the columns
// `columns` (schema indices, in order), appending one line per row to `out`:
//   json: {"a":1,"ts":"2024-01-01T10:00:00.000Z"}; NULL fields left out (ignoreNullFields);
//         nested structs and arrays as JSON objects and arrays; BINARY as base64; doubles
//         as Java prints them, non-finite ones as "NaN"/"Infinity"/"-Infinity" strings.
//   csv:  values joined by sep; NULL as nullValue, "" as emptyValue; values holding the
//         separator, a line break or (escapeQuotes) the quote are quoted, with quotes
//         inside escaped by the escape character; whitespace trimmed per
//         ignoreLeading/TrailingWhiteSpace.
//   text: the single column's value; NULL as an empty line.
// REQUIRES: the columns suit the format (CheckWriteSchema).
void WriteRecords(const types::Batch& batch, const std::vector<int>& columns, const int32_t* rows, size_t num_rows,
                  const FileWriteOptions& options, std::string* out);

// The CSV header line of `columns` (names rendered like values), with its newline.
void WriteCsvHeader(const types::Schema& schema, const std::vector<int>& columns, const FileWriteOptions& options,
                    std::string* out);

// Checks that the data columns `columns` of `schema` can be written in `format` (text: one
// STRING column; CSV: no ARRAY/STRUCT). AnalysisError with Spark's wording.
Status CheckWriteSchema(FileFormat format, const types::Schema& schema, const std::vector<int>& columns);

}  // namespace sluice::connectors
