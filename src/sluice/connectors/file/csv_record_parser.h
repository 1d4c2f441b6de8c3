#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/common/status.h"
#include "sluice/connectors/file/file_io.h"
#include "sluice/connectors/file/file_read_options.h"
#include "sluice/connectors/file/record_batch_builder.h"

namespace sluice::connectors {

// One value of a CSV line.
struct CsvToken {
  size_t begin = 0;          // in the line, or in the tokenizer's scratch when `unescaped`
  size_t length = 0;
  bool unescaped = false;    // the text lives in the scratch buffer (a quoted value)
  bool quoted = false;
};

// Splits one CSV line into values as Spark's univocity settings do (multiLine false):
// `sep` (one or more characters) separates values; a value starting with the quote
// character runs to the closing quote, inside which the escape character or a doubled
// quote stands for a quote; text after the closing quote up to the separator is kept;
// ignoreLeading/TrailingWhiteSpace trim unquoted values (and the space around quotes).
// A line ending in a separator has a last, empty value.
class CsvTokenizer {
 public:
  explicit CsvTokenizer(const CsvReadSettings& settings) : settings_(settings) {}
  // Fills `tokens` (cleared first) with the values of `line`.
  void Split(std::string_view line, std::vector<CsvToken>* tokens);
  // The text of a token of the line last split.
  std::string_view Text(std::string_view line, const CsvToken& token) const {
    return token.unescaped ? std::string_view(scratch_).substr(token.begin, token.length)
                           : line.substr(token.begin, token.length);
  }

 private:
  const CsvReadSettings& settings_;
  std::string scratch_;
};

// Parses CSV files into columns with Spark 3's UnivocityParser rules:
//   - blank lines and lines starting with the comment character are skipped; with
//     header, the first remaining line of every file is skipped; values map to the
//     schema's columns by position;
//   - an unquoted empty value reads as nullValue and a quoted empty one ("") as
//     emptyValue; a value equal to nullValue is NULL (both default to "", so empty values
//     are NULL);
//   - values convert as Java does (Integer.parseInt, Long.parseLong, Double.parseDouble
//     with nanValue/positiveInf/negativeInf, toBoolean), timestamps and dates with the
//     patterns or Spark's CAST rules;
//   - a line with fewer or more values than the schema has columns is malformed, as is a
//     value that does not convert. PERMISSIVE keeps what converts (missing values and
//     failed ones NULL, extra values dropped) and puts the line in the corrupt-record
//     column when the schema has it; DROPMALFORMED drops the line; FAILFAST fails with an
//     ExecutionError naming the file and line.
// One parser per thread.
class CsvRecordParser {
 public:
  explicit CsvRecordParser(const FileReadOptions& options);

  Status Parse(const FileContents& contents, const std::string& display, RecordBatchBuilder* builder);

 private:
  // One converted value, kept until the whole line is known to be good or bad.
  struct Parsed {
    bool is_null = true;
    int64_t i = 0;
    double d = 0;
    std::string_view s;
  };
  // Converts `text` (not NULL) to `type`; false when it does not.
  bool Convert(std::string_view text, types::TypeId type, Parsed* out);

  const FileReadOptions& options_;
  CsvTokenizer tokenizer_;
  std::vector<CsvToken> tokens_;
  std::vector<Parsed> parsed_;
};

}  // namespace sluice::connectors
