#pragma once

#include <initializer_list>
#include <vector>

#include "sluice/connectors/file/file_format.h"
#include "sluice/connectors/option_table.h"

namespace sluice::connectors {

// Options of the file source, sink and batch reader (formats "json", "csv", "text"), with
// Spark's names and defaults. Each option is declared once here; a format's full table is
// the concatenation of the tables that apply to it (FileSourceOptionTable /
// FileSinkOptionTable below), which the registry, parsing, `sluice run --help` and
// docs/connectors/file.md all read.

// Every file source (Spark's FileStreamSource options plus the generic file options).
inline constexpr OptionSpec kFileSourceOptions[] = {
    {"path", OptionType::kString, nullptr, true, OptionCheck::kNone,
     "the directory, file or glob pattern ('/data/*.json', '/data/2024-*/') to read"},
    {"maxFilesPerTrigger", OptionType::kInt, nullptr, false, OptionCheck::kPositive,
     "the most new files one micro-batch takes; default: all new files"},
    {"maxBytesPerTrigger", OptionType::kLong, nullptr, false, OptionCheck::kPositive,
     "roughly the most bytes of new files one micro-batch takes (always at least one file); default: no limit"},
    {"latestFirst", OptionType::kBool, "false", false, OptionCheck::kNone,
     "take the newest files first (useful with maxFilesPerTrigger when there is a backlog)"},
    {"fileNameOnly", OptionType::kBool, "false", false, OptionCheck::kNone,
     "decide whether a file is new by its name only, ignoring its folder"},
    {"maxFileAge", OptionType::kInterval, "7d", false, OptionCheck::kNonNegative,
     "files older than the newest file seen minus this age are ignored; not applied when latestFirst and "
     "maxFilesPerTrigger are both set"},
    {"cleanSource", OptionType::kString, "off", false, OptionCheck::kNone,
     "what to do with the files of committed batches: off, delete, or archive (move to sourceArchiveDir)"},
    {"sourceArchiveDir", OptionType::kString, nullptr, false, OptionCheck::kNone,
     "where cleanSource 'archive' moves files, keeping their full path below it"},
    {"ignoreMissingFiles", OptionType::kBool, "false", false, OptionCheck::kNone,
     "skip (with a warning) files deleted between listing and reading instead of failing the batch"},
    {"ignoreCorruptFiles", OptionType::kBool, "false", false, OptionCheck::kNone,
     "skip (with a warning) files that cannot be decompressed instead of failing the batch"},
};

// Record parsing shared by the JSON and CSV readers.
inline constexpr OptionSpec kRecordParseOptions[] = {
    {"mode", OptionType::kString, "PERMISSIVE", false, OptionCheck::kNone,
     "malformed records: PERMISSIVE (NULL fields, raw text in columnNameOfCorruptRecord), DROPMALFORMED, or "
     "FAILFAST (the batch fails)"},
    {"columnNameOfCorruptRecord", OptionType::kString, "_corrupt_record", false, OptionCheck::kNone,
     "the STRING column that receives the raw text of malformed records in PERMISSIVE mode, when the schema has it"},
    {"timestampFormat", OptionType::kString, nullptr, false, OptionCheck::kNone,
     "pattern of TIMESTAMP values (Spark datetime patterns); default: Spark's CAST rules, e.g. "
     "'2024-01-01T10:00:00.000Z', '2024-01-01 10:00:00'"},
    {"dateFormat", OptionType::kString, nullptr, false, OptionCheck::kNone,
     "pattern of DATE values; default: Spark's CAST rules ('2024-01-01')"},
    {"timeZone", OptionType::kString, nullptr, false, OptionCheck::kNone,
     "zone of timestamps without an offset; default: the session time zone"},
    {"multiLine", OptionType::kBool, "false", false, OptionCheck::kNone,
     "records spanning several lines; only false is supported"},
    {"encoding", OptionType::kString, "UTF-8", false, OptionCheck::kNone, "character set of the files; only UTF-8"},
    {"charset", OptionType::kString, nullptr, false, OptionCheck::kNone, "alias of encoding"},
};

// CSV reading (Spark's CSVOptions, read side).
inline constexpr OptionSpec kCsvReadOptions[] = {
    {"header", OptionType::kBool, "false", false, OptionCheck::kNone,
     "the first line of every file is a header and is skipped (columns are matched by position)"},
    {"sep", OptionType::kString, ",", false, OptionCheck::kNone, "field separator (one or more characters; '\\t' for tab)"},
    {"delimiter", OptionType::kString, nullptr, false, OptionCheck::kNone, "alias of sep"},
    {"quote", OptionType::kString, "\"", false, OptionCheck::kNone,
     "quote character; an empty string turns quoting off"},
    {"escape", OptionType::kString, "\\", false, OptionCheck::kNone,
     "character escaping a quote inside a quoted value"},
    {"nullValue", OptionType::kString, "", false, OptionCheck::kNone, "text read as NULL"},
    {"emptyValue", OptionType::kString, "", false, OptionCheck::kNone,
     "value of an empty quoted string (\"\"); equal to nullValue by default, so it reads as NULL"},
    {"nanValue", OptionType::kString, "NaN", false, OptionCheck::kNone, "text read as DOUBLE NaN"},
    {"positiveInf", OptionType::kString, "Inf", false, OptionCheck::kNone, "text read as DOUBLE +Infinity"},
    {"negativeInf", OptionType::kString, "-Inf", false, OptionCheck::kNone, "text read as DOUBLE -Infinity"},
    {"comment", OptionType::kString, nullptr, false, OptionCheck::kNone,
     "lines starting with this character are skipped; default: none"},
    {"ignoreLeadingWhiteSpace", OptionType::kBool, "false", false, OptionCheck::kNone,
     "drop whitespace before values"},
    {"ignoreTrailingWhiteSpace", OptionType::kBool, "false", false, OptionCheck::kNone,
     "drop whitespace after values"},
};

// Text reading (Spark's TextOptions).
inline constexpr OptionSpec kTextReadOptions[] = {
    {"wholetext", OptionType::kBool, "false", false, OptionCheck::kNone,
     "read each file as a single row instead of one row per line"},
};

// Every file sink (Spark's FileStreamSink).
inline constexpr OptionSpec kFileSinkOptions[] = {
    {"path", OptionType::kString, nullptr, true, OptionCheck::kNone,
     "the output directory; the sink log goes to <path>/_spark_metadata"},
    {"partitionBy", OptionType::kString, nullptr, false, OptionCheck::kNone,
     "comma-separated columns whose values become col=value/ folders"},
    {"compression", OptionType::kString, "none", false, OptionCheck::kNone,
     "compression of the part files: none, uncompressed or gzip"},
};

// JSON writing (Spark's JSONOptions, write side).
inline constexpr OptionSpec kJsonWriteOptions[] = {
    {"timestampFormat", OptionType::kString, "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", false, OptionCheck::kNone,
     "pattern of written TIMESTAMP values, in the session time zone"},
    {"dateFormat", OptionType::kString, "yyyy-MM-dd", false, OptionCheck::kNone, "pattern of written DATE values"},
    {"timeZone", OptionType::kString, nullptr, false, OptionCheck::kNone,
     "zone timestamps are written in; default: the session time zone"},
    {"ignoreNullFields", OptionType::kBool, "true", false, OptionCheck::kNone, "leave NULL fields out of the objects"},
    {"encoding", OptionType::kString, "UTF-8", false, OptionCheck::kNone, "character set of the files; only UTF-8"},
};

// CSV writing (Spark's CSVOptions, write side).
inline constexpr OptionSpec kCsvWriteOptions[] = {
    {"header", OptionType::kBool, "false", false, OptionCheck::kNone,
     "write the column names as the first line of every file"},
    {"sep", OptionType::kString, ",", false, OptionCheck::kNone, "field separator"},
    {"delimiter", OptionType::kString, nullptr, false, OptionCheck::kNone, "alias of sep"},
    {"quote", OptionType::kString, "\"", false, OptionCheck::kNone, "quote character"},
    {"escape", OptionType::kString, "\\", false, OptionCheck::kNone, "character written before a quote inside a quoted value"},
    {"nullValue", OptionType::kString, "", false, OptionCheck::kNone, "text written for NULL"},
    {"emptyValue", OptionType::kString, "\"\"", false, OptionCheck::kNone, "text written for an empty string"},
    {"quoteAll", OptionType::kBool, "false", false, OptionCheck::kNone, "quote every value"},
    {"escapeQuotes", OptionType::kBool, "true", false, OptionCheck::kNone,
     "quote values that contain a quote character (escaping it)"},
    {"ignoreLeadingWhiteSpace", OptionType::kBool, "true", false, OptionCheck::kNone,
     "drop whitespace before written values"},
    {"ignoreTrailingWhiteSpace", OptionType::kBool, "true", false, OptionCheck::kNone,
     "drop whitespace after written values"},
    {"timestampFormat", OptionType::kString, "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", false, OptionCheck::kNone,
     "pattern of written TIMESTAMP values, in the session time zone"},
    {"dateFormat", OptionType::kString, "yyyy-MM-dd", false, OptionCheck::kNone, "pattern of written DATE values"},
    {"timeZone", OptionType::kString, nullptr, false, OptionCheck::kNone,
     "zone timestamps are written in; default: the session time zone"},
    {"encoding", OptionType::kString, "UTF-8", false, OptionCheck::kNone, "character set of the files; only UTF-8"},
    {"charset", OptionType::kString, nullptr, false, OptionCheck::kNone, "alias of encoding"},
};

namespace file_options_internal {
inline std::vector<OptionSpec> Concat(std::initializer_list<OptionTable> tables) {
  std::vector<OptionSpec> out;
  for (OptionTable t : tables) out.insert(out.end(), t.begin(), t.end());
  return out;
}
}  // namespace file_options_internal

// The whole option table of a `format` file source (also used by the batch reader, which
// accepts and ignores the streaming-only options). Static storage.
inline OptionTable FileSourceOptionTable(FileFormat format) {
  using file_options_internal::Concat;
  static const std::vector<OptionSpec> json = Concat({kFileSourceOptions, kRecordParseOptions});
  static const std::vector<OptionSpec> csv = Concat({kFileSourceOptions, kRecordParseOptions, kCsvReadOptions});
  static const std::vector<OptionSpec> text = Concat({kFileSourceOptions, kTextReadOptions});
  switch (format) {
    case FileFormat::kJson: return json;
    case FileFormat::kCsv: return csv;
    case FileFormat::kText: return text;
  }
  return text;
}

// The whole option table of a `format` file sink, without kCommonSinkOptions (the registry
// adds those). Static storage.
inline OptionTable FileSinkOptionTable(FileFormat format) {
  using file_options_internal::Concat;
  static const std::vector<OptionSpec> json = Concat({kFileSinkOptions, kJsonWriteOptions});
  static const std::vector<OptionSpec> csv = Concat({kFileSinkOptions, kCsvWriteOptions});
  static const std::vector<OptionSpec> text = Concat({kFileSinkOptions});
  switch (format) {
    case FileFormat::kJson: return json;
    case FileFormat::kCsv: return csv;
    case FileFormat::kText: return text;
  }
  return text;
}

}  // namespace sluice::connectors
