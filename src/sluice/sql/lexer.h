#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sluice/common/status.h"
#include "sluice/sql/ast.h"

namespace sluice::sql {

enum class TokenKind : uint8_t {
  kWord,         // an unquoted identifier or keyword: SELECT, value, _1, 1a
  kQuotedWord,   // a `backquoted` identifier; never a keyword
  kString,       // '...' or "..." (escapes decoded into `value`)
  kInteger,      // 42, 42L, 42S, 42Y (digits in `value`, suffix in `suffix`)
  kDecimal,      // 1.5, .5, 1e3, 1.5D, 2F, 2BD (number text in `value`, suffix in `suffix`)
  kOperator,     // punctuation and operators: ( ) , . ; + - <=> || :: ...
  kEnd,          // end of input
  kError,        // a lexical error; `error` holds the Status (sticky: every later token is it too)
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  // kWord: as written; kOperator: the operator; other kinds: the raw source text.
  std::string text;
  // kWord: `text` upper-cased, for keyword comparison.
  std::string upper;
  // kString / kQuotedWord: the decoded contents; kInteger / kDecimal: the number
  // without its suffix.
  std::string value;
  // Number suffix, upper-case: 0 (none), 'L', 'S', 'Y', 'D', 'F' or 'B' (for BD).
  char suffix = 0;
  Position pos;       // first character (1-based line and column)
  Position end_pos;   // the position just after the token
  size_t begin = 0;   // byte offsets into the source: [begin, end)
  size_t end = 0;
  Status error;       // kError only
};

// Splits SQL text into tokens on demand. Keywords are not recognized here: the parser
// compares `Token::upper` with the keywords it expects in each context, so that
// keywords stay usable as names wherever Spark allows it (`left(...)`, `AS count`).
// Columns count Unicode code points, so carets line up under non-ASCII text.
// Not thread-safe; the text must outlive the lexer.
class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  // Returns the next token. After the end (or an error), keeps returning kEnd (or
  // the same kError).
  Token Next();

  // Moves the lexer back (or forward) to `offset`, whose position is `pos`, and
  // clears a sticky error. The parser uses it to drop lookahead before raw reads.
  void Reset(size_t offset, Position pos);

  // Reads raw text from the current offset up to, not including, the next ';' that
  // is outside quotes (or the end of input). Comments are replaced by a space. The
  // lexer then continues at the ';'. Used for `SET key = value`, whose value is free text.
  std::string ReadRawUntilSemicolon();

  std::string_view text() const { return text_; }
  size_t offset() const { return offset_; }
  Position position() const { return {line_, column_}; }

 private:
  char PeekChar(size_t k = 0) const { return offset_ + k < text_.size() ? text_[offset_ + k] : '\0'; }
  bool AtEnd() const { return offset_ >= text_.size(); }
  // Moves over `n` bytes, updating line and column.
  void Advance(size_t n = 1);
  // Skips whitespace and comments; returns false (and sets error_) on an unterminated comment.
  bool SkipSpaceAndComments();
  Token MakeToken(TokenKind kind, size_t begin, Position pos);
  Token Fail(Position pos, size_t offset, const std::string& detail);
  Token LexWordOrNumber();
  Token LexNumber();
  Token LexQuoted(char quote);
  Token LexOperator();

  std::string_view text_;
  size_t offset_ = 0;
  int line_ = 1;
  int column_ = 1;
  bool failed_ = false;
  // True after a name, ')' or ']': a following ".5" is then a field access, not a number.
  bool after_name_ = false;
  Token error_token_;
  // The end of the previous token: where "end of input" errors point.
  Position last_end_pos_{1, 1};
  size_t last_end_offset_ = 0;
};

}  // namespace sluice::sql
