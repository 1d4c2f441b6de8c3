// Expressions: precedence climbing over Spark's operator table, then prefix, postfix
// and primary forms (names, calls, CASE, CAST; literals are in parse_literal.cc).

#include <set>

#include "sluice/common/strings.h"
#include "sluice/sql/parser_internal.h"
#include "sluice/sql/syntax_error.h"
#include "sluice/types/data_type.h"

namespace sluice::sql {

namespace {

using types::DataType;
using types::Value;

bool IsPredicateWord(const Token& t) {
  return t.kind == TokenKind::kWord && (t.upper == "IN" || t.upper == "BETWEEN" || t.upper == "LIKE" ||
                                        t.upper == "RLIKE" || t.upper == "ILIKE" || t.upper == "REGEXP");
}

// Words followed by '(' that are not function calls.
bool IsNonFunctionWord(const std::string& upper) {
  static const auto* kWords = new std::set<std::string, std::less<>>{
      "AND",    "OR",   "IN",     "IS",    "BETWEEN", "LIKE",      "ILIKE", "RLIKE", "REGEXP",
      "SELECT", "FROM", "WHERE",  "GROUP", "HAVING",  "ORDER",     "LIMIT", "UNION", "EXCEPT",
      "INTERSECT", "JOIN", "ON",  "USING", "AS",      "WHEN",      "THEN",  "ELSE",  "END",
      "BY",     "ALL",  "DISTINCT", "WITH"};
  return kWords->count(upper) > 0;
}

bool IsNumberToken(const Token& t) { return t.kind == TokenKind::kInteger || t.kind == TokenKind::kDecimal; }

}  // namespace

// ---------------------------------------------------------------------------
// Operators
// ---------------------------------------------------------------------------

Result<ExprPtr> Parser::ParseExpr() { return ParseBinary(kPrecOr); }

Result<ExprPtr> Parser::ParseBinary(int min_precedence) {
  DepthGuard guard(this);
  SLUICE_RETURN_IF_ERROR(CheckDepth());
  SLUICE_ASSIGN_OR_RETURN(ExprPtr left, ParsePrefix(min_precedence));
  while (true) {
    Infix infix = PeekInfix();
    if (infix.kind == InfixKind::kNone || infix.precedence < min_precedence) break;
    SLUICE_ASSIGN_OR_RETURN(left, ParseInfix(std::move(left), infix));
  }
  return left;
}

Infix Parser::PeekInfix() {
  const Token& t = Peek();
  if (t.kind == TokenKind::kOperator) {
    const std::string& op = t.text;
    if (op == "=" || op == "==") return {kPrecComparison, InfixKind::kBinary, "="};
    if (op == "<>" || op == "!=") return {kPrecComparison, InfixKind::kBinary, "<>"};
    if (op == "<") return {kPrecComparison, InfixKind::kBinary, "<"};
    if (op == "<=") return {kPrecComparison, InfixKind::kBinary, "<="};
    if (op == ">") return {kPrecComparison, InfixKind::kBinary, ">"};
    if (op == ">=") return {kPrecComparison, InfixKind::kBinary, ">="};
    if (op == "<=>") return {kPrecComparison, InfixKind::kBinary, "<=>"};
    if (op == "|") return {kPrecBitOr, InfixKind::kBinary, "|"};
    if (op == "^") return {kPrecBitXor, InfixKind::kBinary, "^"};
    if (op == "&") return {kPrecBitAnd, InfixKind::kBinary, "&"};
    if (op == "+") return {kPrecAdditive, InfixKind::kBinary, "+"};
    if (op == "-") return {kPrecAdditive, InfixKind::kBinary, "-"};
    if (op == "||") return {kPrecAdditive, InfixKind::kBinary, "||"};
    if (op == "*") return {kPrecMultiplicative, InfixKind::kBinary, "*"};
    if (op == "/") return {kPrecMultiplicative, InfixKind::kBinary, "/"};
    if (op == "%") return {kPrecMultiplicative, InfixKind::kBinary, "%"};
  } else if (t.kind == TokenKind::kWord) {
    if (t.upper == "OR") return {kPrecOr, InfixKind::kBinary, "OR"};
    if (t.upper == "AND") return {kPrecAnd, InfixKind::kBinary, "AND"};
    if (t.upper == "DIV") return {kPrecMultiplicative, InfixKind::kBinary, "DIV"};
    if (t.upper == "IS") return {kPrecComparison, InfixKind::kIs, ""};
    if (IsPredicateWord(t)) return {kPrecComparison, InfixKind::kPredicate, ""};
    if (t.upper == "NOT" && IsPredicateWord(Peek(1))) return {kPrecComparison, InfixKind::kNotPredicate, ""};
  }
  return {0, InfixKind::kNone, ""};
}

Result<ExprPtr> Parser::ParseInfix(ExprPtr left, const Infix& infix) {
  if (infix.kind == InfixKind::kBinary) {
    Advance();
    SLUICE_ASSIGN_OR_RETURN(ExprPtr right, ParseBinary(infix.precedence + 1));
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::kBinary;
    e->pos = left->pos;
    e->op = infix.op;
    e->children = {std::move(left), std::move(right)};
    return Finish(std::move(e));
  }
  if (infix.kind == InfixKind::kIs) return ParseIs(std::move(left));
  bool negated = infix.kind == InfixKind::kNotPredicate;
  if (negated) Advance();  // NOT
  return ParsePredicate(std::move(left), negated);
}

// After `left`, at IS: IS [NOT] NULL | IS [NOT] DISTINCT FROM x.
Result<ExprPtr> Parser::ParseIs(ExprPtr left) {
  Advance();  // IS
  bool negated = AcceptKeyword("NOT");
  if (AcceptKeyword("NULL")) {
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::kIsNull;
    e->pos = left->pos;
    e->negated = negated;
    e->children = {std::move(left)};
    return Finish(std::move(e));
  }
  if (!PeekKeyword("DISTINCT")) {
    return ErrorExpected(negated ? "NULL or DISTINCT FROM after IS NOT" : "NULL, NOT NULL or DISTINCT FROM after IS");
  }
  // a IS [NOT] DISTINCT FROM b: Spark's null-safe (in)equality.
  Advance();
  SLUICE_RETURN_IF_ERROR(ExpectKeyword("FROM"));
  SLUICE_ASSIGN_OR_RETURN(ExprPtr right, ParseBinary(kPrecComparison + 1));
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::kBinary;
  e->pos = left->pos;
  e->op = "<=>";
  e->children = {std::move(left), std::move(right)};
  SLUICE_ASSIGN_OR_RETURN(ExprPtr equal, Finish(std::move(e)));
  if (negated) return equal;
  auto n = std::make_shared<Expr>();
  n->kind = ExprKind::kUnary;
  n->pos = equal->pos;
  n->op = "NOT";
  n->children = {std::move(equal)};
  return Finish(std::move(n));
}

// At IN / BETWEEN / LIKE / RLIKE / ILIKE / REGEXP, after `left` and an optional NOT.
Result<ExprPtr> Parser::ParsePredicate(ExprPtr left, bool negated) {
  const Token& word = Advance();
  auto e = std::make_shared<Expr>();
  e->pos = left->pos;
  e->negated = negated;
  if (word.upper == "IN") {
    e->kind = ExprKind::kIn;
    SLUICE_RETURN_IF_ERROR(ExpectOp("(", "'(' after IN"));
    if (PeekKeyword("SELECT") || PeekKeyword("WITH")) {
      return ErrorAt(Peek(), "IN (subquery) is not supported; use a join (LEFT SEMI JOIN) instead");
    }
    e->children.push_back(std::move(left));
    do {
      SLUICE_ASSIGN_OR_RETURN(ExprPtr item, ParseExpr());
      e->children.push_back(std::move(item));
    } while (AcceptOp(","));
    SLUICE_RETURN_IF_ERROR(ExpectOp(")", "',' or ')'"));
  } else if (word.upper == "BETWEEN") {
    e->kind = ExprKind::kBetween;
    SLUICE_ASSIGN_OR_RETURN(ExprPtr low, ParseBinary(kPrecComparison + 1));
    SLUICE_RETURN_IF_ERROR(ExpectKeyword("AND", "AND (as in BETWEEN low AND high)"));
    SLUICE_ASSIGN_OR_RETURN(ExprPtr high, ParseBinary(kPrecComparison + 1));
    e->children = {std::move(left), std::move(low), std::move(high)};
  } else {
    e->kind = ExprKind::kLike;
    e->op = word.upper == "REGEXP" ? "RLIKE" : word.upper;
    SLUICE_ASSIGN_OR_RETURN(ExprPtr pattern, ParseBinary(kPrecComparison + 1));
    e->children = {std::move(left), std::move(pattern)};
    if (PeekKeyword("ESCAPE")) return ErrorAt(Peek(), "LIKE ... ESCAPE is not supported");
  }
  return Finish(std::move(e));
}

Result<ExprPtr> Parser::ParsePrefix(int min_precedence) {
  // NOT binds looser than comparisons: NOT a = b is NOT (a = b).
  if ((PeekKeyword("NOT") || PeekOp("!")) && min_precedence <= kPrecNot) {
    const Token& not_token = Advance();
    Position pos = not_token.pos;
    SLUICE_ASSIGN_OR_RETURN(ExprPtr child, ParseBinary(kPrecNot));
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::kUnary;
    e->pos = pos;
    e->op = "NOT";
    e->children = {std::move(child)};
    return Finish(std::move(e));
  }
  return ParseUnary();
}

Result<ExprPtr> Parser::ParseUnary() {
  const Token& t = Peek();
  if (t.kind == TokenKind::kOperator && (t.text == "-" || t.text == "+" || t.text == "~")) {
    DepthGuard guard(this);
    SLUICE_RETURN_IF_ERROR(CheckDepth());
    const Token& op = Advance();
    Position pos = op.pos;
    std::string op_text = op.text;
    // -5 is a negative literal (Spark names the column "-5"), unless a postfix operator
    // binds the number first (-arr[0] is -(arr[0])).
    if (op_text == "-" && IsNumberToken(Peek()) && !PeekOp("[", 1) && !PeekOp(".", 1) && !PeekOp("::", 1)) {
      const Token& number = Advance();
      return ParseNumber(number, /*negate=*/true, pos);
    }
    SLUICE_ASSIGN_OR_RETURN(ExprPtr child, ParseUnary());
    if (op_text == "+") return child;  // unary plus changes nothing
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::kUnary;
    e->pos = pos;
    e->op = op_text;
    e->children = {std::move(child)};
    return Finish(std::move(e));
  }
  return ParsePostfix();
}

Result<ExprPtr> Parser::ParsePostfix() {
  SLUICE_ASSIGN_OR_RETURN(ExprPtr e, ParsePrimary());
  while (true) {
    if (PeekOp("[")) {
      Advance();
      SLUICE_ASSIGN_OR_RETURN(ExprPtr index, ParseExpr());
      SLUICE_RETURN_IF_ERROR(ExpectOp("]"));
      auto s = std::make_shared<Expr>();
      s->kind = ExprKind::kSubscript;
      s->pos = e->pos;
      s->children = {std::move(e), std::move(index)};
      SLUICE_ASSIGN_OR_RETURN(e, Finish(std::move(s)));
    } else if (PeekOp(".")) {
      Advance();
      auto f = std::make_shared<Expr>();
      f->kind = ExprKind::kField;
      f->pos = e->pos;
      SLUICE_ASSIGN_OR_RETURN(f->name, ParseAnyName("a field name after '.'"));
      f->children = {std::move(e)};
      SLUICE_ASSIGN_OR_RETURN(e, Finish(std::move(f)));
    } else if (PeekOp("::")) {
      Advance();
      auto c = std::make_shared<Expr>();
      c->kind = ExprKind::kCast;
      c->pos = e->pos;
      c->op = "CAST";
      SLUICE_ASSIGN_OR_RETURN(c->cast_type, ParseTypeName());
      c->children = {std::move(e)};
      SLUICE_ASSIGN_OR_RETURN(e, Finish(std::move(c)));
    } else {
      return e;
    }
  }
}

// ---------------------------------------------------------------------------
// Primary expressions
// ---------------------------------------------------------------------------

Result<ExprPtr> Parser::ParsePrimary() {
  const Token& t = Peek();
  switch (t.kind) {
    case TokenKind::kInteger:
    case TokenKind::kDecimal: {
      const Token& number = Advance();
      return ParseNumber(number, /*negate=*/false, number.pos);
    }
    case TokenKind::kString:
      return ParseStringLiteral();
    case TokenKind::kQuotedWord:
      return ParseNamePath();
    case TokenKind::kWord:
      return ParseWordPrimary();
    case TokenKind::kOperator:
      if (t.text == "(") return ParseParenthesized();
      if (t.text == "*") {
        auto e = std::make_shared<Expr>();
        e->kind = ExprKind::kStar;
        e->pos = Advance().pos;
        return Finish(std::move(e));
      }
      return ErrorExpected("an expression");
    default:
      return ErrorExpected("an expression");
  }
}

Result<ExprPtr> Parser::ParseParenthesized() {
  if (PeekKeyword("SELECT", 1) || PeekKeyword("WITH", 1)) {
    return ErrorAt(Peek(1), "scalar subqueries are not supported; use a join instead");
  }
  Advance();
  SLUICE_ASSIGN_OR_RETURN(ExprPtr inner, ParseExpr());
  if (PeekOp(",")) return ErrorAt(Peek(), "expected ')', found ','; use struct(a, b) to build a struct");
  SLUICE_RETURN_IF_ERROR(ExpectOp(")"));
  return inner;
}

// A primary expression that starts with a word: a literal keyword, CASE, CAST,
// INTERVAL, a typed literal, a function call or a column name.
Result<ExprPtr> Parser::ParseWordPrimary() {
  const Token& t = Peek();
  const std::string& word = t.upper;
  if (word == "TRUE" || word == "FALSE") {
    Position pos = Advance().pos;
    return Finish(MakeLiteral(Value::Bool(word == "TRUE"), DataType::Boolean(), pos));
  }
  if (word == "NULL") {
    Position pos = Advance().pos;
    return Finish(MakeLiteral(Value::Null(), DataType::Null(), pos));
  }
  if (word == "CASE") return ParseCase();
  if ((word == "CAST" || word == "TRY_CAST") && PeekOp("(", 1)) return ParseCast();
  if (word == "INTERVAL") {
    const Token& next = Peek(1);
    if (next.kind == TokenKind::kString || IsNumberToken(next) ||
        ((next.text == "-" || next.text == "+") && next.kind == TokenKind::kOperator)) {
      const Token& interval_token = Advance();
      auto e = std::make_shared<Expr>();
      e->kind = ExprKind::kInterval;
      e->pos = interval_token.pos;
      SLUICE_ASSIGN_OR_RETURN(e->interval_micros, ParseIntervalBody(interval_token));
      return Finish(std::move(e));
    }
  }
  if ((word == "TIMESTAMP" || word == "DATE") && Peek(1).kind == TokenKind::kString) return ParseTypedLiteral();
  if (word == "EXISTS" && PeekOp("(", 1)) {
    return ErrorAt(t, "EXISTS (subquery) is not supported; use a LEFT SEMI JOIN instead");
  }
  if (PeekOp("(", 1) && !IsNonFunctionWord(word)) return ParseFunctionCall();
  if (IsNameToken(t)) return ParseNamePath();
  return ErrorExpected("an expression");
}

Result<ExprPtr> Parser::ParseNamePath() {
  const Token& first = Advance();
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::kColumnRef;
  e->pos = first.pos;
  e->parts.push_back(first.kind == TokenKind::kQuotedWord ? first.value : first.text);
  while (PeekOp(".")) {
    const Token& next = Peek(1);
    if (next.kind == TokenKind::kWord || next.kind == TokenKind::kQuotedWord) {
      Advance();
      const Token& part = Advance();
      e->parts.push_back(part.kind == TokenKind::kQuotedWord ? part.value : part.text);
    } else if (next.kind == TokenKind::kOperator && next.text == "*") {
      Advance();
      Advance();
      e->kind = ExprKind::kStar;  // t.*
      return Finish(std::move(e));
    } else {
      Advance();
      return ErrorExpected("a name or '*' after '.'");
    }
  }
  if (PeekOp("(")) {
    return ErrorAt(Peek(), "expected an operator, found '('; qualified function names are not supported");
  }
  return Finish(std::move(e));
}

Result<ExprPtr> Parser::ParseFunctionCall() {
  const Token& name_token = Advance();
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::kFunction;
  e->pos = name_token.pos;
  e->name = name_token.text;
  Advance();  // (
  if (AsciiLower(e->name) == "count" && PeekOp("*") && PeekOp(")", 1)) {
    Advance();
    e->is_count_star = true;
  } else if (!PeekOp(")")) {
    if (AcceptKeyword("DISTINCT")) {
      e->distinct = true;
    } else {
      AcceptKeyword("ALL");
    }
    do {
      SLUICE_ASSIGN_OR_RETURN(ExprPtr arg, ParseExpr());
      e->children.push_back(std::move(arg));
    } while (AcceptOp(","));
  }
  SLUICE_RETURN_IF_ERROR(ExpectOp(")", "',' or ')'"));
  if (PeekKeyword("FILTER") && PeekOp("(", 1)) {
    return ErrorAt(Peek(), "aggregate FILTER (WHERE ...) clauses are not supported; use CASE WHEN inside the aggregate");
  }
  SLUICE_ASSIGN_OR_RETURN(ExprPtr call, Finish(std::move(e)));
  if (PeekKeyword("OVER")) return ParseOver(std::move(call));
  return call;
}

// At OVER after a function call: OVER ([PARTITION BY e, ...] [ORDER BY item, ...]).
// Which window functions a query may use is the analyzer's business (plan/row_number_dedup.h).
Result<ExprPtr> Parser::ParseOver(ExprPtr call) {
  Advance();  // OVER
  if (IsNameToken(Peek())) {
    return ErrorAt(Peek(), "named windows (OVER " + QuoteForMessage(Peek().text) +
                               ") are not supported; write the window inline: OVER (PARTITION BY ... ORDER BY ...)");
  }
  SLUICE_RETURN_IF_ERROR(ExpectOp("(", "'(' after OVER"));
  auto w = std::make_shared<Expr>();
  w->kind = ExprKind::kWindow;
  w->pos = call->pos;
  w->children.push_back(std::move(call));
  if (PeekKeyword("PARTITION")) {
    Advance();
    SLUICE_RETURN_IF_ERROR(ExpectKeyword("BY", "BY after PARTITION"));
    do {
      SLUICE_ASSIGN_OR_RETURN(ExprPtr key, ParseExpr());
      w->children.push_back(std::move(key));
    } while (AcceptOp(","));
  }
  if (PeekKeyword("ORDER")) {
    Advance();
    SLUICE_RETURN_IF_ERROR(ExpectKeyword("BY", "BY after ORDER"));
    do {
      SLUICE_ASSIGN_OR_RETURN(OrderItem item, ParseOrderItem());
      w->window_order.push_back(std::move(item));
    } while (AcceptOp(","));
  }
  if (PeekKeyword("ROWS") || PeekKeyword("RANGE")) {
    return ErrorAt(Peek(), "window frames (" + Peek().upper + " ...) are not supported");
  }
  if (!PeekOp(")")) {
    bool has_partition = w->children.size() > 1;
    bool has_order = !w->window_order.empty();
    if (has_order) return ErrorExpected("',' or ')'");
    return ErrorExpected(has_partition ? "',', ORDER BY or ')'" : "PARTITION BY, ORDER BY or ')'");
  }
  Advance();  // )
  return Finish(std::move(w));
}

Result<ExprPtr> Parser::ParseCase() {
  const Token& case_token = Advance();
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::kCase;
  e->pos = case_token.pos;
  if (PeekKeyword("END")) return ErrorExpected("WHEN");
  if (!PeekKeyword("WHEN")) {
    SLUICE_ASSIGN_OR_RETURN(ExprPtr operand, ParseExpr());
    e->children.push_back(std::move(operand));
    e->has_operand = true;
  }
  if (!PeekKeyword("WHEN")) return ErrorExpected("WHEN");
  while (AcceptKeyword("WHEN")) {
    SLUICE_ASSIGN_OR_RETURN(ExprPtr condition, ParseExpr());
    SLUICE_RETURN_IF_ERROR(ExpectKeyword("THEN"));
    SLUICE_ASSIGN_OR_RETURN(ExprPtr value, ParseExpr());
    e->children.push_back(std::move(condition));
    e->children.push_back(std::move(value));
  }
  if (AcceptKeyword("ELSE")) {
    SLUICE_ASSIGN_OR_RETURN(ExprPtr otherwise, ParseExpr());
    e->children.push_back(std::move(otherwise));
    e->has_else = true;
    SLUICE_RETURN_IF_ERROR(ExpectKeyword("END"));
  } else {
    SLUICE_RETURN_IF_ERROR(ExpectKeyword("END", "WHEN, ELSE or END"));
  }
  return Finish(std::move(e));
}

Result<ExprPtr> Parser::ParseCast() {
  const Token& cast_token = Advance();
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::kCast;
  e->pos = cast_token.pos;
  e->op = cast_token.upper;
  Advance();  // (
  SLUICE_ASSIGN_OR_RETURN(ExprPtr child, ParseExpr());
  SLUICE_RETURN_IF_ERROR(ExpectKeyword("AS", "AS (as in CAST(x AS type))"));
  SLUICE_ASSIGN_OR_RETURN(e->cast_type, ParseTypeName());
  SLUICE_RETURN_IF_ERROR(ExpectOp(")"));
  e->children = {std::move(child)};
  return Finish(std::move(e));
}

}  // namespace sluice::sql
