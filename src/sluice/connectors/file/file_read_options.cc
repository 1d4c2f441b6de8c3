#include "sluice/connectors/file/file_read_options.h"

#include "sluice/common/strings.h"

namespace sluice::connectors {
namespace {

Status CheckEncoding(const ConnectorOptions& options) {
  std::optional<std::string> encoding = options.Raw("encoding");
  std::optional<std::string> charset = options.Raw("charset");
  if (encoding && charset) {
    return Status::InvalidArgument("options 'encoding' and 'charset' are the same option; give only one");
  }
  std::string value = encoding ? *encoding : charset ? *charset : "UTF-8";
  std::string lower = AsciiLower(value);
  if (lower != "utf-8" && lower != "utf8") {
    return Status::InvalidArgument("encoding '" + value + "' is not supported; files must be UTF-8");
  }
  return Status::OK();
}

Result<char> SingleChar(const ConnectorOptions& options, const char* name, char default_value, bool allow_empty) {
  std::optional<std::string> raw = options.Raw(name);
  if (!raw) return default_value;
  std::string text = UnescapeOptionText(*raw);
  if (text.empty()) {
    if (allow_empty) return '\0';
    return Status::InvalidArgument("option '" + std::string(name) + "' must be a single character, not empty");
  }
  if (text.size() != 1) {
    return Status::InvalidArgument("option '" + std::string(name) + "' must be a single character, got '" + *raw + "'");
  }
  return text[0];
}

Result<std::string> Separator(const ConnectorOptions& options) {
  std::optional<std::string> sep = options.Raw("sep");
  std::optional<std::string> delimiter = options.Raw("delimiter");
  if (sep && delimiter) return Status::InvalidArgument("options 'sep' and 'delimiter' are the same option; give only one");
  std::string text = UnescapeOptionText(sep ? *sep : delimiter ? *delimiter : ",");
  // Spark: "Delimiter cannot be empty string".
  if (text.empty()) return Status::InvalidArgument("Delimiter cannot be empty string (option 'sep')");
  return text;
}

}  // namespace

const char* ParseModeName(ParseMode mode) {
  switch (mode) {
    case ParseMode::kPermissive: return "PERMISSIVE";
    case ParseMode::kDropMalformed: return "DROPMALFORMED";
    case ParseMode::kFailFast: return "FAILFAST";
  }
  return "?";
}

std::string UnescapeOptionText(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 >= text.size()) {
      out.push_back(text[i]);
      continue;
    }
    char next = text[i + 1];
    if (next == 't') {
      out.push_back('\t');
    } else if (next == 'n') {
      out.push_back('\n');
    } else if (next == 'r') {
      out.push_back('\r');
    } else if (next == '\\') {
      out.push_back('\\');
    } else if (next == 'u' && i + 5 < text.size()) {
      unsigned value = 0;
      bool ok = true;
      for (size_t k = i + 2; k < i + 6; ++k) {
        char c = text[k];
        int digit = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                                                      : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
        if (digit < 0) ok = false;
        value = value * 16 + static_cast<unsigned>(digit < 0 ? 0 : digit);
      }
      if (!ok || value > 0x7F) {
        out.push_back(text[i]);
        continue;
      }
      out.push_back(static_cast<char>(value));
      i += 5;
      continue;
    } else {
      out.push_back(text[i]);
      continue;
    }
    ++i;
  }
  return out;
}

Result<FileReadOptions> FileReadOptions::From(FileFormat format, const ConnectorOptions& options, const Config* conf) {
  FileReadOptions out;
  out.format = format;
  out.ignore_missing_files = options.GetBool("ignoreMissingFiles").value_or(false);
  out.ignore_corrupt_files = options.GetBool("ignoreCorruptFiles").value_or(false);
  std::string zone = conf != nullptr ? conf->GetString(conf::kSessionTimeZone, "UTC") : "UTC";
  if (auto given = options.Raw("timeZone")) zone = *given;
  Result<TimeZone> tz = TimeZone::Parse(zone);
  if (!tz.ok()) return tz.status().WithContext("time zone '" + zone + "'");
  out.tz = *tz;
  if (format == FileFormat::kText) {
    out.wholetext = options.GetBool("wholetext").value_or(false);
    return out;
  }
  std::string mode = AsciiLower(options.GetString("mode").value_or("PERMISSIVE"));
  if (mode == "permissive") {
    out.mode = ParseMode::kPermissive;
  } else if (mode == "dropmalformed") {
    out.mode = ParseMode::kDropMalformed;
  } else if (mode == "failfast") {
    out.mode = ParseMode::kFailFast;
  } else {
    return Status::InvalidArgument("Invalid value '" + *options.GetString("mode") +
                                   "' for option 'mode'; valid modes: PERMISSIVE, DROPMALFORMED, FAILFAST");
  }
  out.corrupt_column = options.GetString("columnNameOfCorruptRecord").value_or("_corrupt_record");
  if (options.GetBool("multiLine").value_or(false)) {
    return Status::NotSupported("option multiLine 'true' is not supported: " + std::string(FileFormatDisplayName(format)) +
                                " records must each be on one line (JSON Lines)");
  }
  SLUICE_RETURN_IF_ERROR(CheckEncoding(options));
  if (auto pattern = options.Raw("timestampFormat")) {
    Result<DateTimePattern> p = DateTimePattern::Parse(*pattern);
    if (!p.ok()) return p.status().WithContext("option 'timestampFormat'");
    out.timestamp_format = std::move(p).value();
  }
  if (auto pattern = options.Raw("dateFormat")) {
    Result<DateTimePattern> p = DateTimePattern::Parse(*pattern);
    if (!p.ok()) return p.status().WithContext("option 'dateFormat'");
    out.date_format = std::move(p).value();
  }
  if (format == FileFormat::kCsv) {
    CsvReadSettings& csv = out.csv;
    csv.header = options.GetBool("header").value_or(false);
    SLUICE_ASSIGN_OR_RETURN(csv.sep, Separator(options));
    SLUICE_ASSIGN_OR_RETURN(csv.quote, SingleChar(options, "quote", '"', /*allow_empty=*/true));
    SLUICE_ASSIGN_OR_RETURN(csv.escape, SingleChar(options, "escape", '\\', /*allow_empty=*/true));
    SLUICE_ASSIGN_OR_RETURN(csv.comment, SingleChar(options, "comment", '\0', /*allow_empty=*/true));
    csv.null_value = options.GetString("nullValue").value_or("");
    csv.empty_value = options.GetString("emptyValue").value_or("");
    csv.nan_value = options.GetString("nanValue").value_or("NaN");
    csv.positive_inf = options.GetString("positiveInf").value_or("Inf");
    csv.negative_inf = options.GetString("negativeInf").value_or("-Inf");
    csv.ignore_leading_whitespace = options.GetBool("ignoreLeadingWhiteSpace").value_or(false);
    csv.ignore_trailing_whitespace = options.GetBool("ignoreTrailingWhiteSpace").value_or(false);
  }
  return out;
}

Status CheckReadSchema(const types::Schema& schema, const FileReadOptions& options) {
  if (options.format == FileFormat::kText) {
    // Spark's TextFileFormat.verifySchema wording.
    if (schema.num_fields() != 1) {
      return Status::AnalysisError("Text data source supports only a single column, and you have " +
                                   std::to_string(schema.num_fields()) + " columns.");
    }
    if (schema.field(0).type->id() != types::TypeId::kString) {
      return Status::AnalysisError("[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The Text datasource doesn't support the column `" +
                                   schema.field(0).name + "` of the type \"" + schema.field(0).type->ToString() +
                                   "\"; the text source reads one STRING column (value STRING).");
    }
    return Status::OK();
  }
  for (const auto& field : schema.fields()) {
    if (field.name == options.corrupt_column) {
      if (field.type->id() != types::TypeId::kString) {
        // Spark: "The field for corrupt records must be string type and nullable".
        return Status::AnalysisError("The field for corrupt records must be string type and nullable: column `" +
                                     field.name + "` is " + field.type->ToString());
      }
      continue;
    }
    if (options.format == FileFormat::kCsv && field.type->IsNested()) {
      return Status::AnalysisError("[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The CSV datasource doesn't support the column `" +
                                   field.name + "` of the type \"" + field.type->ToString() + "\".");
    }
    if (field.type->id() == types::TypeId::kNull) {
      return Status::AnalysisError("column `" + field.name + "` has type NULL, which files cannot hold");
    }
  }
  return Status::OK();
}

}  // namespace sluice::connectors
