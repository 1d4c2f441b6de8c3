#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "sluice/common/status.h"
#include "sluice/sql/ast.h"

namespace sluice::sql {

// Builds the ParseError for a problem at `offset` (byte offset into `source`) whose
// 1-based position is `pos`:
//   syntax error at line 1, column 8: expected an expression, found 'FROM'
//   SELECT , FROM events
//          ^
// The second and third lines show the offending source line (a window of it when it
// is very long) and a caret under the column.
Status SyntaxError(std::string_view source, size_t offset, Position pos, std::string_view detail);

// The source line containing `offset` and a caret line under it, separated by '\n'.
std::string CaretSnippet(std::string_view source, size_t offset);

// How a token is quoted in messages: 'FROM', with long text shortened to 40 characters.
std::string QuoteForMessage(std::string_view token_text);

}  // namespace sluice::sql
