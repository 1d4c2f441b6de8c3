#pragma once

#include <string_view>
#include <vector>

#include "sluice/sql/ast.h"

namespace sluice::sql {

// Parse errors are Status::ParseError with a message like
//   syntax error at line 1, column 8: expected an expression, found 'FROM'
//   SELECT , FROM events
//          ^
// (the offending line and a caret under the position).

// A pipeline file or script: statements separated by ';' (a trailing ';' is optional).
Result<std::vector<StatementPtr>> ParseScript(std::string_view text);
// A single query (SELECT ... / set operations), as used by scenario files.
Result<QueryPtr> ParseQuery(std::string_view text);
// A single expression, as in DataFrame.where("value % 2 = 0") / expr("...").
Result<ExprPtr> ParseExpression(std::string_view text);
// An expression with an optional alias: "value % 10 AS category" (selectExpr / groupBy).
Result<SelectItem> ParseSelectItem(std::string_view text);
// An ORDER BY item: "count DESC", "ts ASC NULLS LAST".
Result<OrderItem> ParseOrderItem(std::string_view text);

}  // namespace sluice::sql
