#pragma once

// SQL LIKE patterns ('%' any sequence, '_' one character, '\' escapes), compiled once.

#include <string>
#include <string_view>
#include <vector>

#include "sluice/common/status.h"

namespace sluice::expr {

class LikePattern {
 public:
  // Compiles `pattern`; `lower_case` lowers the literal parts (for ILIKE, whose input is
  // lowered too). Errors use Spark's INVALID_LIKE_PATTERN wording.
  static Result<LikePattern> Compile(std::string_view pattern, bool lower_case = false);
  // True when the whole of `text` matches. '_' consumes one UTF-8 character.
  bool Matches(std::string_view text) const;

 private:
  enum class Shape : uint8_t { kExact, kPrefix, kSuffix, kContains, kAll, kGeneral };
  enum class TokenKind : uint8_t { kLiteral, kOne, kAny };
  struct Token {
    TokenKind kind;
    std::string text;
  };
  bool MatchGeneral(std::string_view text) const;

  Shape shape_ = Shape::kGeneral;
  std::string literal_;  // the literal of kExact / kPrefix / kSuffix / kContains
  std::vector<Token> tokens_;
};

// ASCII lower-casing into `out` (ILIKE; non-ASCII bytes are kept as they are).
void LowerAscii(std::string_view in, std::string* out);

}  // namespace sluice::expr
