#pragma once

#include <memory>
#include <string>

#include "sluice/common/status.h"
#include "sluice/connectors/file/file_io.h"
#include "sluice/connectors/file/file_read_options.h"
#include "sluice/connectors/file/record_batch_builder.h"

namespace sluice::connectors {

// Parses JSON Lines files into columns with Spark's JacksonParser rules (simdjson does the
// parsing):
//   - one record per line; blank lines are skipped; a top-level array yields one row per
//     element (an empty array none); any other top-level value is malformed;
//   - fields match schema columns by exact (case-sensitive) name; unknown fields are
//     ignored; a repeated field's last value wins; missing fields and JSON null are NULL;
//   - BOOLEAN takes true/false; INT/BIGINT take integers in range; DOUBLE takes any number
//     and the strings "NaN", "Infinity", "+Infinity", "-Infinity", "INF", "+INF", "-INF";
//     STRING takes strings, and any other value as its JSON text ({"a":1} -> '{"a":1}');
//     TIMESTAMP takes a string (timestampFormat or CAST rules) or a number of seconds;
//     DATE takes a string; BINARY takes base64; ARRAY and STRUCT take arrays and objects;
//   - a value of the wrong kind makes the record malformed: in PERMISSIVE mode that field
//     is NULL, the other fields keep their values (Spark 3's partial results) and the
//     corrupt-record column (when in the schema) gets the line; DROPMALFORMED drops the
//     record; FAILFAST fails with an ExecutionError naming the file and line.
// One parser per thread.
class JsonRecordParser {
 public:
  explicit JsonRecordParser(const FileReadOptions& options);
  ~JsonRecordParser();

  // Appends the rows of `contents` to `builder`. `display` names the file in errors.
  Status Parse(const FileContents& contents, const std::string& display, RecordBatchBuilder* builder);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// The error of a malformed record in FAILFAST mode (Spark's wording plus where it is):
// "Malformed records are detected in record parsing. Parse Mode: FAILFAST. To process
// malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'.
// (file:/dir/a.json, line 3: <reason>: <record>)".
Status MalformedRecordError(const std::string& display, int64_t line_number, const std::string& reason,
                            std::string_view record);

}  // namespace sluice::connectors
