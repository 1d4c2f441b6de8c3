#include "sluice/sql/syntax_error.h"

#include <algorithm>

namespace sluice::sql {

namespace {

constexpr size_t kMaxSnippetBytes = 160;
constexpr size_t kSnippetHalfWindow = 70;

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::string CaretSnippet(std::string_view source, size_t offset) {
  offset = std::min(offset, source.size());
  size_t line_begin = source.substr(0, offset).rfind('\n');
  line_begin = line_begin == std::string_view::npos ? 0 : line_begin + 1;
  size_t line_end = source.find('\n', offset);
  if (line_end == std::string_view::npos) line_end = source.size();
  while (line_end > line_begin && source[line_end - 1] == '\r') --line_end;

  // Very long lines (generated SQL) show a window around the caret.
  size_t begin = line_begin, end = line_end;
  bool cut_left = false, cut_right = false;
  if (line_end - line_begin > kMaxSnippetBytes) {
    if (offset > line_begin + kSnippetHalfWindow) {
      begin = offset - kSnippetHalfWindow;
      while (begin < offset && IsContinuationByte(source[begin])) ++begin;
      cut_left = true;
    }
    if (line_end > offset + kSnippetHalfWindow) {
      end = offset + kSnippetHalfWindow;
      while (end > offset && end < source.size() && IsContinuationByte(source[end])) --end;
      cut_right = true;
    }
  }
  std::string out;
  std::string caret;
  if (cut_left) {
    out += "...";
    caret += "   ";
  }
  out.append(source.substr(begin, end - begin));
  if (cut_right) out += "...";
  // Tabs are kept so the caret lines up in a terminal; other code points become one space.
  for (size_t i = begin; i < offset && i < end; ++i) {
    char c = source[i];
    if (IsContinuationByte(c)) continue;
    caret += c == '\t' ? '\t' : ' ';
  }
  caret += '^';
  return out + "\n" + caret;
}

std::string QuoteForMessage(std::string_view token_text) {
  constexpr size_t kMaxChars = 40;
  std::string text(token_text);
  if (text.size() > kMaxChars) {
    size_t cut = kMaxChars;
    while (cut > 0 && IsContinuationByte(text[cut])) --cut;
    text = text.substr(0, cut) + "...";
  }
  return "'" + text + "'";
}

Status SyntaxError(std::string_view source, size_t offset, Position pos, std::string_view detail) {
  std::string message = "syntax error at line " + std::to_string(pos.line) + ", column " +
                        std::to_string(pos.column) + ": " + std::string(detail) + "\n" +
                        CaretSnippet(source, offset);
  return Status::ParseError(std::move(message));
}

}  // namespace sluice::sql
