#include "sluice/sql/lexer.h"

#include <cstdio>

#include "sluice/sql/syntax_error.h"

namespace sluice::sql {

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHexDigit(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
// Bytes >= 0x80 (UTF-8 sequences) are allowed in unquoted names, as in `città`.
bool IsWordChar(char c) { return IsLetter(c) || IsDigit(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80; }
bool IsWordStart(char c) { return IsLetter(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80; }

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Operators, longest first so that "<=>" wins over "<=" and "<".
constexpr std::string_view kOperators[] = {"<=>", "<>", "<=", ">=", "==", "!=", "||", "::", "->", "=>",
                                           "+",   "-",  "*",  "/",  "%",  "~",  "&",  "|",  "^",  "<",
                                           ">",   "=",  "(",  ")",  "[",  "]",  ",",  ".",  ";",  ":", "!"};

}  // namespace

void Lexer::Advance(size_t n) {
  for (size_t i = 0; i < n && offset_ < text_.size(); ++i) {
    char c = text_[offset_++];
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++column_;
    }
  }
}

void Lexer::Reset(size_t offset, Position pos) {
  offset_ = offset;
  line_ = pos.line;
  column_ = pos.column;
  failed_ = false;
  after_name_ = false;
  last_end_offset_ = offset;
  last_end_pos_ = pos;
}

Token Lexer::MakeToken(TokenKind kind, size_t begin, Position pos) {
  Token t;
  t.kind = kind;
  t.pos = pos;
  t.begin = begin;
  t.end = offset_;
  t.end_pos = position();
  t.text = std::string(text_.substr(begin, offset_ - begin));
  last_end_offset_ = offset_;
  last_end_pos_ = t.end_pos;
  return t;
}

Token Lexer::Fail(Position pos, size_t offset, const std::string& detail) {
  Token t;
  t.kind = TokenKind::kError;
  t.pos = pos;
  t.begin = offset;
  t.end = offset;
  t.end_pos = pos;
  t.error = SyntaxError(text_, offset, pos, detail);
  failed_ = true;
  error_token_ = t;
  return t;
}

bool Lexer::SkipSpaceAndComments() {
  while (!AtEnd()) {
    char c = PeekChar();
    if (IsSpace(c)) {
      Advance();
    } else if (c == '-' && PeekChar(1) == '-') {
      while (!AtEnd() && PeekChar() != '\n') Advance();
    } else if (c == '/' && PeekChar(1) == '*') {
      // Bracketed comments nest, as in Spark.
      Position start = position();
      size_t start_offset = offset_;
      Advance(2);
      int depth = 1;
      while (depth > 0) {
        if (AtEnd()) {
          Fail(start, start_offset, "unterminated comment: '/*' has no closing '*/'");
          return false;
        }
        if (PeekChar() == '*' && PeekChar(1) == '/') {
          --depth;
          Advance(2);
        } else if (PeekChar() == '/' && PeekChar(1) == '*') {
          ++depth;
          Advance(2);
        } else {
          Advance();
        }
      }
    } else {
      return true;
    }
  }
  return true;
}

Token Lexer::Next() {
  if (failed_) return error_token_;
  if (!SkipSpaceAndComments()) return error_token_;
  if (AtEnd()) {
    // "end of input" errors point just after the last token.
    Token t;
    t.kind = TokenKind::kEnd;
    t.pos = last_end_pos_;
    t.end_pos = last_end_pos_;
    t.begin = last_end_offset_;
    t.end = last_end_offset_;
    return t;
  }
  char c = PeekChar();
  if (IsDigit(c) || (c == '.' && IsDigit(PeekChar(1)) && !after_name_)) return LexWordOrNumber();
  if (IsWordStart(c)) return LexWordOrNumber();
  if (c == '\'' || c == '"' || c == '`') return LexQuoted(c);
  return LexOperator();
}

Token Lexer::LexWordOrNumber() {
  Position pos = position();
  size_t begin = offset_;
  if (IsWordStart(PeekChar())) {
    while (!AtEnd() && IsWordChar(PeekChar())) Advance();
    Token t = MakeToken(TokenKind::kWord, begin, pos);
    t.upper = Upper(t.text);
    after_name_ = true;
    return t;
  }
  Token t = LexNumber();
  after_name_ = t.kind == TokenKind::kWord;
  return t;
}

Token Lexer::LexNumber() {
  Position pos = position();
  size_t begin = offset_;
  size_t i = offset_;
  auto at = [&](size_t k) { return k < text_.size() ? text_[k] : '\0'; };
  while (IsDigit(at(i))) ++i;
  bool is_decimal = false;
  if (at(i) == '.') {
    is_decimal = true;
    ++i;
    while (IsDigit(at(i))) ++i;
  }
  if ((at(i) == 'e' || at(i) == 'E') &&
      (IsDigit(at(i + 1)) || ((at(i + 1) == '+' || at(i + 1) == '-') && IsDigit(at(i + 2))))) {
    is_decimal = true;
    i += 2;
    while (IsDigit(at(i))) ++i;
  }
  size_t number_end = i;
  size_t run_end = i;
  while (IsWordChar(at(run_end))) ++run_end;
  std::string run = Upper(text_.substr(number_end, run_end - number_end));
  char suffix = 0;
  if (run.empty()) {
    // a plain number
  } else if (!is_decimal && (run == "L" || run == "S" || run == "Y")) {
    suffix = run[0];
  } else if (run == "D" || run == "F") {
    suffix = run[0];
    is_decimal = true;
  } else if (run == "BD") {
    suffix = 'B';
    is_decimal = true;
  } else if (!is_decimal) {
    // Spark's identifiers may start with digits: `1a` is a name, not 1 AS a.
    Advance(run_end - begin);
    Token t = MakeToken(TokenKind::kWord, begin, pos);
    t.upper = Upper(t.text);
    return t;
  }
  // A suffix that is not one stays out of the number: `1.5x` is 1.5 followed by x.
  size_t token_end = suffix != 0 ? run_end : number_end;
  Advance(token_end - begin);
  Token t = MakeToken(is_decimal ? TokenKind::kDecimal : TokenKind::kInteger, begin, pos);
  t.value = std::string(text_.substr(begin, number_end - begin));
  t.suffix = suffix;
  return t;
}

Token Lexer::LexQuoted(char quote) {
  Position pos = position();
  size_t begin = offset_;
  Advance();
  std::string value;
  while (true) {
    if (AtEnd()) {
      after_name_ = false;
      if (quote == '`') return Fail(pos, begin, "unterminated quoted identifier: missing closing '`'");
      return Fail(pos, begin, std::string("unterminated string literal: missing closing ") + quote);
    }
    char c = PeekChar();
    if (c == quote) {
      // A doubled quote stands for itself: 'it''s', `a``b`.
      if (PeekChar(1) == quote) {
        value.push_back(quote);
        Advance(2);
        continue;
      }
      Advance();
      break;
    }
    if (c == '\\' && quote != '`') {
      char e = PeekChar(1);
      if (offset_ + 1 >= text_.size()) {
        Advance();
        continue;  // reported as unterminated on the next iteration
      }
      // Spark's unescapeSQLString.
      switch (e) {
        case '0':
          if (IsDigit(PeekChar(2)) && IsDigit(PeekChar(3))) break;  // octal, below
          value.push_back('\0');
          Advance(2);
          continue;
        case 'b': value.push_back('\b'); Advance(2); continue;
        case 'n': value.push_back('\n'); Advance(2); continue;
        case 'r': value.push_back('\r'); Advance(2); continue;
        case 't': value.push_back('\t'); Advance(2); continue;
        case 'Z': value.push_back('\x1A'); Advance(2); continue;
        case '%': value += "\\%"; Advance(2); continue;
        case '_': value += "\\_"; Advance(2); continue;
        case 'u':
          if (IsHexDigit(PeekChar(2)) && IsHexDigit(PeekChar(3)) && IsHexDigit(PeekChar(4)) &&
              IsHexDigit(PeekChar(5))) {
            uint32_t cp = 0;
            for (int k = 2; k < 6; ++k) cp = cp * 16 + HexValue(PeekChar(k));
            AppendUtf8(cp, &value);
            Advance(6);
            continue;
          }
          break;
        default: break;
      }
      // \ddd octal (first digit 0-3), as Spark.
      if (e >= '0' && e <= '3' && PeekChar(2) >= '0' && PeekChar(2) <= '7' && PeekChar(3) >= '0' &&
          PeekChar(3) <= '7') {
        value.push_back(static_cast<char>((e - '0') * 64 + (PeekChar(2) - '0') * 8 + (PeekChar(3) - '0')));
        Advance(4);
        continue;
      }
      // Any other escaped character stands for itself: \' \" \\ \x -> ' " \ x.
      value.push_back(e);
      Advance(2);
      continue;
    }
    value.push_back(c);
    Advance();
  }
  Token t = MakeToken(quote == '`' ? TokenKind::kQuotedWord : TokenKind::kString, begin, pos);
  t.value = std::move(value);
  after_name_ = quote == '`';
  return t;
}

Token Lexer::LexOperator() {
  Position pos = position();
  size_t begin = offset_;
  std::string_view rest = text_.substr(offset_);
  for (std::string_view op : kOperators) {
    if (rest.substr(0, op.size()) == op) {
      Advance(op.size());
      Token t = MakeToken(TokenKind::kOperator, begin, pos);
      after_name_ = op == ")" || op == "]";
      return t;
    }
  }
  unsigned char c = static_cast<unsigned char>(PeekChar());
  std::string shown;
  if (c < 0x20 || c == 0x7F) {
    char buf[8];
    std::snprintf(buf, sizeof(buf), "\\x%02X", c);
    shown = buf;
  } else {
    shown = std::string(1, static_cast<char>(c));
  }
  return Fail(pos, begin, "unexpected character '" + shown + "'");
}

std::string Lexer::ReadRawUntilSemicolon() {
  std::string out;
  while (!AtEnd()) {
    char c = PeekChar();
    if (c == ';') break;
    if (c == '-' && PeekChar(1) == '-') {
      while (!AtEnd() && PeekChar() != '\n') Advance();
      out.push_back(' ');
      continue;
    }
    if (c == '/' && PeekChar(1) == '*') {
      // An unterminated comment leaves its error for the next Next() call.
      if (!SkipSpaceAndComments()) return out;
      out.push_back(' ');
      continue;
    }
    if (c == '\'' || c == '"' || c == '`') {
      // Quoted text is copied as written (quotes included), so ';' inside it is kept.
      out.push_back(c);
      Advance();
      while (!AtEnd() && PeekChar() != c) {
        if (PeekChar() == '\\' && c != '`' && offset_ + 1 < text_.size()) {
          out.push_back(PeekChar());
          Advance();
        }
        out.push_back(PeekChar());
        Advance();
      }
      if (!AtEnd()) {
        out.push_back(c);
        Advance();
      }
      continue;
    }
    out.push_back(c);
    Advance();
  }
  last_end_offset_ = offset_;
  last_end_pos_ = position();
  after_name_ = false;
  return out;
}

}  // namespace sluice::sql
