#include "sluice/connectors/file/record_writer.h"

#include <charconv>

#include "sluice/common/strings.h"
#include "sluice/connectors/file/file_read_options.h"
#include "sluice/connectors/file/json_text.h"
#include "sluice/connectors/file/value_text.h"

namespace sluice::connectors {
namespace {

using types::Column;
using types::DataType;
using types::TypeId;

constexpr const char* kDefaultTimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";
constexpr const char* kDefaultDateFormat = "yyyy-MM-dd";

Result<DateTimePattern> PatternOption(const ConnectorOptions& options, const char* name, const char* fallback) {
  std::string text = options.GetString(name).value_or(fallback);
  Result<DateTimePattern> p = DateTimePattern::Parse(text);
  if (!p.ok()) return p.status().WithContext(std::string("option '") + name + "'");
  return p;
}

Result<char> OneChar(const ConnectorOptions& options, const char* name, char fallback) {
  std::optional<std::string> raw = options.Raw(name);
  if (!raw) return fallback;
  std::string text = UnescapeOptionText(*raw);
  if (text.empty()) return '\0';
  if (text.size() != 1) {
    return Status::InvalidArgument("option '" + std::string(name) + "' must be a single character, got '" + *raw + "'");
  }
  return text[0];
}

void AppendInt(int64_t v, std::string* out) {
  char buf[24];
  auto result = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, static_cast<size_t>(result.ptr - buf));
}

void AppendJsonValue(const Column& column, int64_t row, const FileWriteOptions& options, std::string* out);

void AppendJsonStruct(const Column& column, int64_t row, const FileWriteOptions& options, std::string* out) {
  const auto& fields = column.type()->fields();
  out->push_back('{');
  bool first = true;
  for (size_t f = 0; f < fields.size(); ++f) {
    const Column& child = *column.child(f);
    if (child.IsNull(row) && options.ignore_null_fields) continue;
    if (!first) out->push_back(',');
    first = false;
    AppendJsonString(fields[f].name, out);
    out->push_back(':');
    AppendJsonValue(child, row, options, out);
  }
  out->push_back('}');
}

void AppendJsonValue(const Column& column, int64_t row, const FileWriteOptions& options, std::string* out) {
  if (column.IsNull(row)) {
    out->append("null");
    return;
  }
  switch (column.type_id()) {
    case TypeId::kNull: out->append("null"); break;
    case TypeId::kBoolean: out->append(column.data<uint8_t>()[row] != 0 ? "true" : "false"); break;
    case TypeId::kInt: AppendInt(column.data<int32_t>()[row], out); break;
    case TypeId::kBigint: AppendInt(column.data<int64_t>()[row], out); break;
    case TypeId::kDouble: AppendJsonDouble(column.data<double>()[row], out); break;
    case TypeId::kString: AppendJsonString(column.GetString(row), out); break;
    case TypeId::kBinary: {
      out->push_back('"');
      AppendBase64(column.GetString(row), out);
      out->push_back('"');
      break;
    }
    case TypeId::kTimestamp: {
      thread_local std::string text;
      text.clear();
      options.timestamp_format.FormatTimestamp(column.data<int64_t>()[row], options.tz, &text);
      AppendJsonString(text, out);
      break;
    }
    case TypeId::kDate: {
      thread_local std::string text;
      text.clear();
      options.date_format.FormatDate(column.data<int32_t>()[row], options.tz, &text);
      AppendJsonString(text, out);
      break;
    }
    case TypeId::kArray: {
      const Column& child = *column.child(0);
      out->push_back('[');
      for (uint32_t i = column.ArrayBegin(row); i < column.ArrayEnd(row); ++i) {
        if (i != column.ArrayBegin(row)) out->push_back(',');
        AppendJsonValue(child, i, options, out);
      }
      out->push_back(']');
      break;
    }
    case TypeId::kStruct: AppendJsonStruct(column, row, options, out); break;
  }
}

// The text of a non-NULL CSV value.
void CsvValueText(const Column& column, int64_t row, const FileWriteOptions& options, std::string* text) {
  text->clear();
  switch (column.type_id()) {
    case TypeId::kBoolean: text->append(column.data<uint8_t>()[row] != 0 ? "true" : "false"); break;
    case TypeId::kInt: AppendInt(column.data<int32_t>()[row], text); break;
    case TypeId::kBigint: AppendInt(column.data<int64_t>()[row], text); break;
    case TypeId::kDouble: text->append(types::FormatDouble(column.data<double>()[row])); break;
    case TypeId::kString:
    case TypeId::kBinary: text->append(column.GetString(row)); break;
    case TypeId::kTimestamp:
      options.timestamp_format.FormatTimestamp(column.data<int64_t>()[row], options.tz, text);
      break;
    case TypeId::kDate: options.date_format.FormatDate(column.data<int32_t>()[row], options.tz, text); break;
    default: break;
  }
}

// Appends a CSV value (not NULL) with univocity's quoting.
void AppendCsvText(std::string_view value, const FileWriteOptions& options, std::string* out) {
  if (options.ignore_leading_whitespace) {
    while (!value.empty() && static_cast<unsigned char>(value.front()) <= ' ') value.remove_prefix(1);
  }
  if (options.ignore_trailing_whitespace) {
    while (!value.empty() && static_cast<unsigned char>(value.back()) <= ' ') value.remove_suffix(1);
  }
  if (value.empty()) {
    out->append(options.empty_value);
    return;
  }
  bool has_quote = options.quote != '\0' && value.find(options.quote) != std::string_view::npos;
  bool needs_quotes = options.quote != '\0' &&
                      (options.quote_all || value.find(options.sep) != std::string_view::npos ||
                       value.find_first_of("\r\n") != std::string_view::npos || (options.escape_quotes && has_quote));
  if (!needs_quotes) {
    out->append(value);
    return;
  }
  out->push_back(options.quote);
  for (char c : value) {
    if (c == options.quote && options.escape != '\0') out->push_back(options.escape);
    out->push_back(c);
  }
  out->push_back(options.quote);
}

}  // namespace

Result<FileWriteOptions> FileWriteOptions::From(FileFormat format, const ConnectorOptions& options, const Config* conf) {
  FileWriteOptions out;
  out.format = format;
  std::string zone = conf != nullptr ? conf->GetString(conf::kSessionTimeZone, "UTC") : "UTC";
  if (auto given = options.Raw("timeZone")) zone = *given;
  Result<TimeZone> tz = TimeZone::Parse(zone);
  if (!tz.ok()) return tz.status().WithContext("time zone '" + zone + "'");
  out.tz = *tz;
  SLUICE_ASSIGN_OR_RETURN(out.timestamp_format, PatternOption(options, "timestampFormat", kDefaultTimestampFormat));
  SLUICE_ASSIGN_OR_RETURN(out.date_format, PatternOption(options, "dateFormat", kDefaultDateFormat));
  if (format == FileFormat::kText) return out;
  std::optional<std::string> encoding = options.Raw("encoding");
  if (!encoding) encoding = options.Raw("charset");
  if (encoding && AsciiLower(*encoding) != "utf-8" && AsciiLower(*encoding) != "utf8") {
    return Status::InvalidArgument("encoding '" + *encoding + "' is not supported; files are written as UTF-8");
  }
  out.ignore_null_fields = options.GetBool("ignoreNullFields").value_or(true);
  if (format == FileFormat::kCsv) {
    out.header = options.GetBool("header").value_or(false);
    std::optional<std::string> sep = options.Raw("sep");
    std::optional<std::string> delimiter = options.Raw("delimiter");
    if (sep && delimiter) return Status::InvalidArgument("options 'sep' and 'delimiter' are the same option; give only one");
    out.sep = UnescapeOptionText(sep ? *sep : delimiter ? *delimiter : ",");
    if (out.sep.empty()) return Status::InvalidArgument("Delimiter cannot be empty string (option 'sep')");
    SLUICE_ASSIGN_OR_RETURN(out.quote, OneChar(options, "quote", '"'));
    SLUICE_ASSIGN_OR_RETURN(out.escape, OneChar(options, "escape", '\\'));
    out.null_value = options.GetString("nullValue").value_or("");
    out.empty_value = options.GetString("emptyValue").value_or("\"\"");
    out.quote_all = options.GetBool("quoteAll").value_or(false);
    out.escape_quotes = options.GetBool("escapeQuotes").value_or(true);
    out.ignore_leading_whitespace = options.GetBool("ignoreLeadingWhiteSpace").value_or(true);
    out.ignore_trailing_whitespace = options.GetBool("ignoreTrailingWhiteSpace").value_or(true);
  }
  return out;
}

Status CheckWriteSchema(FileFormat format, const types::Schema& schema, const std::vector<int>& columns) {
  if (format == FileFormat::kText) {
    // Spark's TextFileFormat.verifySchema wording.
    if (columns.size() != 1) {
      return Status::AnalysisError("Text data source supports only a single column, and you have " +
                                   std::to_string(columns.size()) + " columns.");
    }
    const auto& field = schema.field(columns[0]);
    if (field.type->id() != TypeId::kString) {
      return Status::AnalysisError("[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The Text datasource doesn't support the column `" +
                                   field.name + "` of the type \"" + field.type->ToString() +
                                   "\"; cast it to STRING first.");
    }
    return Status::OK();
  }
  for (int index : columns) {
    const auto& field = schema.field(index);
    if (format == FileFormat::kCsv && field.type->IsNested()) {
      return Status::AnalysisError("[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The CSV datasource doesn't support the column `" +
                                   field.name + "` of the type \"" + field.type->ToString() + "\".");
    }
  }
  return Status::OK();
}

void WriteCsvHeader(const types::Schema& schema, const std::vector<int>& columns, const FileWriteOptions& options,
                    std::string* out) {
  for (size_t k = 0; k < columns.size(); ++k) {
    if (k > 0) out->append(options.sep);
    AppendCsvText(schema.field(columns[k]).name, options, out);
  }
  out->push_back('\n');
}

void WriteRecords(const types::Batch& batch, const std::vector<int>& columns, const int32_t* rows, size_t num_rows,
                  const FileWriteOptions& options, std::string* out) {
  const types::Schema& schema = *batch.schema();
  switch (options.format) {
    case FileFormat::kJson: {
      for (size_t r = 0; r < num_rows; ++r) {
        int64_t row = rows[r];
        out->push_back('{');
        bool first = true;
        for (int index : columns) {
          const Column& column = *batch.column(index);
          if (column.IsNull(row) && options.ignore_null_fields) continue;
          if (!first) out->push_back(',');
          first = false;
          AppendJsonString(schema.field(index).name, out);
          out->push_back(':');
          AppendJsonValue(column, row, options, out);
        }
        out->append("}\n");
      }
      break;
    }
    case FileFormat::kCsv: {
      std::string text;
      for (size_t r = 0; r < num_rows; ++r) {
        int64_t row = rows[r];
        for (size_t k = 0; k < columns.size(); ++k) {
          if (k > 0) out->append(options.sep);
          const Column& column = *batch.column(columns[k]);
          if (column.IsNull(row)) {
            out->append(options.null_value);
            continue;
          }
          CsvValueText(column, row, options, &text);
          AppendCsvText(text, options, out);
        }
        out->push_back('\n');
      }
      break;
    }
    case FileFormat::kText: {
      const Column& column = *batch.column(columns[0]);
      for (size_t r = 0; r < num_rows; ++r) {
        if (!column.IsNull(rows[r])) out->append(column.GetString(rows[r]));
        out->push_back('\n');
      }
      break;
    }
  }
}

}  // namespace sluice::connectors
