#include "sluice/connectors/console/show_string.h"

#include <algorithm>
#include <cstdint>

namespace sluice::connectors {
namespace {

// Spark measures strings in Java chars (UTF-16 code units); rows are UTF-8 here.
struct CodePoint {
  uint32_t value;
  size_t bytes;
};

CodePoint DecodeUtf8(const std::string& s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (i + n > s.size()) return {c, 1};
  uint32_t v = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t k = 1; k < n; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return {c, 1};
    v = (v << 6) | (cc & 0x3F);
  }
  return {v, n};
}

int Utf16Units(uint32_t cp) { return cp > 0xFFFF ? 2 : 1; }

// Spark's Utils.fullWidthRegex ranges.
bool IsFullWidth(uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE10 && cp <= 0xFE19) || (cp >= 0xFE30 && cp <= 0xFE6F) ||
         (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6);
}

// Java's String.length().
int64_t JavaLength(const std::string& s) {
  int64_t n = 0;
  for (size_t i = 0; i < s.size();) {
    CodePoint cp = DecodeUtf8(s, i);
    n += Utf16Units(cp.value);
    i += cp.bytes;
  }
  return n;
}

// Spark's Utils.stringHalfWidth: the length plus one per full-width character.
int64_t HalfWidth(const std::string& s) {
  int64_t n = 0;
  for (size_t i = 0; i < s.size();) {
    CodePoint cp = DecodeUtf8(s, i);
    n += Utf16Units(cp.value) + (IsFullWidth(cp.value) ? 1 : 0);
    i += cp.bytes;
  }
  return n;
}

// Java's str.substring(0, units), never splitting a code point.
std::string JavaPrefix(const std::string& s, int64_t units) {
  int64_t n = 0;
  size_t i = 0;
  while (i < s.size()) {
    CodePoint cp = DecodeUtf8(s, i);
    if (n + Utf16Units(cp.value) > units) break;
    n += Utf16Units(cp.value);
    i += cp.bytes;
  }
  return s.substr(0, i);
}

// Spark's SchemaUtils.escapeMetaCharacters.
std::string EscapeMetaCharacters(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\f': out += "\\f"; break;
      case '\b': out += "\\b"; break;
      case '\v': out += "\\v"; break;
      case '\a': out += "\\a"; break;
      default: out += c;
    }
  }
  return out;
}

std::string Cell(const std::string& raw, int truncate) {
  std::string str = EscapeMetaCharacters(raw);
  if (truncate > 0 && JavaLength(str) > truncate) {
    // Spark shows no ellipsis when truncating to fewer than 4 characters.
    if (truncate < 4) return JavaPrefix(str, truncate);
    return JavaPrefix(str, truncate - 3) + "...";
  }
  return str;
}

void AppendRow(const std::vector<std::string>& cells, const std::vector<int64_t>& widths, bool left_pad,
               std::string* out) {
  // Scala's cells.addString(sb, "|", "|", "|\n"): an empty row is "||".
  out->push_back('|');
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out->push_back('|');
    std::string padding(static_cast<size_t>(std::max<int64_t>(0, widths[i] - HalfWidth(cells[i]))), ' ');
    if (left_pad) {
      *out += padding;
      *out += cells[i];
    } else {
      *out += cells[i];
      *out += padding;
    }
  }
  *out += "|\n";
}

}  // namespace

std::string ShowString(const types::Schema& schema, const std::vector<types::BatchPtr>& batches, int num_rows,
                       int truncate, const TimeZone& tz) {
  const int64_t limit = std::max(num_rows, 0);
  const size_t num_columns = schema.num_fields();

  // The header row, then up to limit + 1 data rows (one more tells whether to print the footer).
  std::vector<std::vector<std::string>> rows;
  rows.emplace_back();
  for (const auto& field : schema.fields()) rows.back().push_back(EscapeMetaCharacters(field.name));
  for (const auto& batch : batches) {
    for (int64_t r = 0; r < batch->num_rows() && static_cast<int64_t>(rows.size()) - 1 <= limit; ++r) {
      std::vector<std::string> cells;
      cells.reserve(num_columns);
      for (size_t c = 0; c < num_columns; ++c) {
        cells.push_back(Cell(batch->GetValue(c, r).ToString(*schema.field(c).type, tz), truncate));
      }
      rows.push_back(std::move(cells));
    }
  }
  bool has_more_data = static_cast<int64_t>(rows.size()) - 1 > limit;
  if (has_more_data) rows.resize(limit + 1);

  constexpr int64_t kMinimumColumnWidth = 3;
  std::vector<int64_t> widths(num_columns, kMinimumColumnWidth);
  for (const auto& row : rows) {
    for (size_t c = 0; c < num_columns; ++c) widths[c] = std::max(widths[c], HalfWidth(row[c]));
  }

  // Scala's widths.map("-" * _).addString(sb, "+", "+", "+\n"): no columns give "++".
  std::string separator = "+";
  for (size_t c = 0; c < widths.size(); ++c) {
    if (c > 0) separator += "+";
    separator += std::string(static_cast<size_t>(widths[c]), '-');
  }
  separator += "+\n";

  std::string out = separator;
  bool left_pad = truncate > 0;
  AppendRow(rows[0], widths, left_pad, &out);
  out += separator;
  for (size_t r = 1; r < rows.size(); ++r) AppendRow(rows[r], widths, left_pad, &out);
  out += separator;
  if (has_more_data) out += "only showing top " + std::to_string(limit) + (limit == 1 ? " row\n" : " rows\n");
  return out;
}

}  // namespace sluice::connectors
