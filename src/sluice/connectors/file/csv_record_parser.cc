#include "sluice/connectors/file/csv_record_parser.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "sluice/connectors/file/json_record_parser.h"
#include "sluice/connectors/file/value_text.h"

namespace sluice::connectors {
namespace {

using types::TypeId;

// univocity treats every character up to ' ' as whitespace.
bool IsSpace(char c) { return static_cast<unsigned char>(c) <= ' '; }

bool IsBlank(std::string_view line) {
  for (char c : line) {
    if (!IsSpace(c)) return false;
  }
  return true;
}

}  // namespace

void CsvTokenizer::Split(std::string_view line, std::vector<CsvToken>* tokens) {
  tokens->clear();
  scratch_.clear();
  const std::string& sep = settings_.sep;
  const char quote = settings_.quote;
  const char escape = settings_.escape;
  const size_t n = line.size();
  auto find_sep = [&](size_t from) -> size_t {
    if (sep.size() == 1) {
      const void* hit = from < n ? std::memchr(line.data() + from, sep[0], n - from) : nullptr;
      return hit == nullptr ? n : static_cast<size_t>(static_cast<const char*>(hit) - line.data());
    }
    size_t hit = line.find(sep, from);
    return hit == std::string_view::npos ? n : hit;
  };
  size_t i = 0;
  while (true) {
    CsvToken token;
    size_t j = i;
    if (settings_.ignore_leading_whitespace) {
      while (j < n && IsSpace(line[j]) && line.compare(j, sep.size(), sep) != 0) ++j;
    }
    size_t next;
    if (quote != '\0' && j < n && line[j] == quote) {
      token.quoted = true;
      token.unescaped = true;
      token.begin = scratch_.size();
      ++j;
      while (j < n) {
        char c = line[j];
        if (c == escape && escape != quote && j + 1 < n) {
          if (line[j + 1] == quote) {
            scratch_.push_back(quote);
            j += 2;
            continue;
          }
          if (line[j + 1] == escape && j + 2 < n && line[j + 2] == quote) {
            // An escaped escape before the closing quote (charToEscapeQuoteEscaping).
            scratch_.push_back(escape);
            j += 2;
            continue;
          }
        }
        if (c == quote) {
          if (j + 1 < n && line[j + 1] == quote) {
            scratch_.push_back(quote);
            j += 2;
            continue;
          }
          ++j;
          break;
        }
        scratch_.push_back(c);
        ++j;
      }
      // Text between the closing quote and the separator is kept; spaces alone are not.
      next = find_sep(j);
      std::string_view tail = line.substr(j, next - j);
      if (!IsBlank(tail)) scratch_.append(tail.data(), tail.size());
      token.length = scratch_.size() - token.begin;
    } else {
      next = find_sep(j);
      size_t end = next;
      if (settings_.ignore_trailing_whitespace) {
        while (end > j && IsSpace(line[end - 1])) --end;
      }
      token.begin = j;
      token.length = end - j;
    }
    tokens->push_back(token);
    if (next >= n) break;
    i = next + sep.size();
  }
}

CsvRecordParser::CsvRecordParser(const FileReadOptions& options) : options_(options), tokenizer_(options.csv) {}

bool CsvRecordParser::Convert(std::string_view text, TypeId type, Parsed* out) {
  out->is_null = false;
  switch (type) {
    case TypeId::kString:
    case TypeId::kBinary: out->s = text; return true;
    case TypeId::kInt: {
      int32_t v;
      if (!ParseJavaInt(text, &v)) return false;
      out->i = v;
      return true;
    }
    case TypeId::kBigint: return ParseJavaLong(text, &out->i);
    case TypeId::kDouble:
      if (text == options_.csv.nan_value) {
        out->d = std::numeric_limits<double>::quiet_NaN();
        return true;
      }
      if (text == options_.csv.positive_inf) {
        out->d = std::numeric_limits<double>::infinity();
        return true;
      }
      if (text == options_.csv.negative_inf) {
        out->d = -std::numeric_limits<double>::infinity();
        return true;
      }
      return ParseJavaDouble(text, &out->d);
    case TypeId::kBoolean: {
      bool b;
      if (!ParseJavaBoolean(text, &b)) return false;
      out->i = b ? 1 : 0;
      return true;
    }
    case TypeId::kTimestamp: return ParseTimestampText(text, options_, &out->i);
    case TypeId::kDate: {
      int32_t days;
      if (!ParseDateText(text, options_, &days)) return false;
      out->i = days;
      return true;
    }
    default: return false;
  }
}

Status CsvRecordParser::Parse(const FileContents& contents, const std::string& display, RecordBatchBuilder* builder) {
  const CsvReadSettings& settings = options_.csv;
  const types::Schema& schema = builder->schema();
  const std::vector<int>& data_fields = builder->data_fields();
  const size_t num_fields = data_fields.size();
  std::vector<TypeId> types;
  for (int index : data_fields) types.push_back(schema.field(index).type->id());
  parsed_.assign(num_fields, Parsed());

  std::string_view text = contents.view();
  size_t skip = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  LineReader lines(text.substr(skip));
  std::string_view line;
  size_t position = 0;
  bool header_pending = settings.header;
  while (lines.Next(&line)) {
    size_t consumed = lines.position() - position;
    position = lines.position();
    // Spark's CSVUtils.filterCommentAndEmpty.
    if (IsBlank(line) || (settings.comment != '\0' && line[0] == settings.comment)) continue;
    if (header_pending) {
      header_pending = false;
      continue;
    }
    tokenizer_.Split(line, &tokens_);
    bool bad = tokens_.size() != num_fields;
    std::string reason;
    if (bad && options_.mode == ParseMode::kFailFast) {
      reason = "expected " + std::to_string(num_fields) + " values, found " + std::to_string(tokens_.size());
    }
    for (size_t k = 0; k < num_fields; ++k) {
      Parsed& p = parsed_[k];
      p.is_null = true;
      if (k >= tokens_.size()) continue;
      const CsvToken& token = tokens_[k];
      std::string_view value = tokenizer_.Text(line, token);
      if (value.empty()) value = token.quoted ? std::string_view(settings.empty_value) : std::string_view(settings.null_value);
      if (value == settings.null_value) continue;
      if (!Convert(value, types[k], &p)) {
        p.is_null = true;
        if (!bad && options_.mode == ParseMode::kFailFast) {
          reason = "value '" + std::string(value.substr(0, 100)) + "' of column '" + schema.field(data_fields[k]).name +
                   "' cannot be read as " + schema.field(data_fields[k]).type->ToString();
        }
        bad = true;
      }
    }
    if (bad) {
      if (options_.mode == ParseMode::kFailFast) return MalformedRecordError(display, lines.line_number(), reason, line);
      if (options_.mode == ParseMode::kDropMalformed) continue;
    }
    for (size_t k = 0; k < num_fields; ++k) {
      types::Column* column = builder->column(data_fields[k]);
      const Parsed& p = parsed_[k];
      if (p.is_null) {
        column->AppendNull();
        continue;
      }
      switch (types[k]) {
        case TypeId::kString:
        case TypeId::kBinary: column->AppendString(p.s); break;
        case TypeId::kInt:
        case TypeId::kDate: column->AppendInt32(static_cast<int32_t>(p.i)); break;
        case TypeId::kBigint:
        case TypeId::kTimestamp: column->AppendInt64(p.i); break;
        case TypeId::kDouble: column->AppendDouble(p.d); break;
        case TypeId::kBoolean: column->AppendBool(p.i != 0); break;
        default: column->AppendNull(); break;
      }
    }
    if (builder->corrupt_field() >= 0) {
      types::Column* corrupt = builder->column(builder->corrupt_field());
      if (bad) {
        corrupt->AppendString(line);
      } else {
        corrupt->AppendNull();
      }
    }
    builder->FinishRow(consumed);
  }
  return Status::OK();
}

}  // namespace sluice::connectors
