#pragma once

// The recursive-descent parser behind parser.h. Private to the sql layer: other layers
// call the functions in parser.h. Implemented in five files:
//   parser.cc          token handling, errors, names, public entry points
//   parse_expr.cc      expressions (precedence climbing, names, calls, CASE, CAST)
//   parse_literal.cc   literals (numbers, strings, TIMESTAMP/DATE, INTERVAL) and type names
//   parse_query.cc     SELECT, set operations, FROM with joins and WATERMARK
//   parse_statement.cc pipeline statements (CREATE ..., SET, EXPLAIN, CREATE STREAMING QUERY)

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sluice/common/status.h"
#include "sluice/sql/ast.h"
#include "sluice/sql/lexer.h"

namespace sluice::sql {

// Deepest nesting accepted (parentheses, subqueries, NOT NOT ..., chained operators):
// deeper input is an error rather than a stack overflow in the parser or in later
// recursive passes over the tree.
constexpr int kMaxNestingDepth = 1000;

// Binding strength of infix operators, lowest first (Spark's precedence).
enum Precedence : int {
  kPrecOr = 1,
  kPrecAnd = 2,
  kPrecNot = 3,
  kPrecComparison = 4,  // = <> < <= > >= <=>, IS, IN, BETWEEN, LIKE
  kPrecBitOr = 5,
  kPrecBitXor = 6,
  kPrecBitAnd = 7,
  kPrecAdditive = 8,    // + - ||
  kPrecMultiplicative = 9,  // * / % DIV
};

// An infix operator at the current token, with its binding strength.
enum class InfixKind : uint8_t { kNone, kBinary, kIs, kPredicate, kNotPredicate };
struct Infix {
  int precedence;
  InfixKind kind;
  const char* op;  // kBinary: the normalized operator ("=", "<>", "AND", ...)
};

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text), lexer_(text) {}

  Result<std::vector<StatementPtr>> ParseScriptText();
  Result<QueryPtr> ParseQueryText();
  Result<ExprPtr> ParseExpressionText();
  Result<SelectItem> ParseSelectItemText();
  Result<OrderItem> ParseOrderItemText();

 private:
  // Counts recursion depth; the constructor's status is an error past kMaxNestingDepth.
  class DepthGuard {
   public:
    explicit DepthGuard(Parser* p) : p_(p) { ++p_->depth_; }
    ~DepthGuard() { --p_->depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

   private:
    Parser* p_;
  };
  Status CheckDepth();

  // ---- tokens and errors (parser.cc)
  const Token& Peek(size_t k = 0);
  const Token& Advance();
  const Token& Previous() const { return tokens_[pos_ - 1]; }
  bool PeekKeyword(std::string_view keyword, size_t k = 0);
  bool AcceptKeyword(std::string_view keyword);
  Status ExpectKeyword(std::string_view keyword, std::string_view expected = {});
  bool PeekOp(std::string_view op, size_t k = 0);
  bool AcceptOp(std::string_view op);
  Status ExpectOp(std::string_view op, std::string_view expected = {});
  // "expected <what>, found '<token>'" at the current token (or its lexical error).
  Status ErrorExpected(std::string_view what);
  Status ErrorAt(const Token& t, std::string_view detail) const;
  Status ErrorAt(Position pos, size_t offset, std::string_view detail) const;
  // "a, b, c, <also> or <last>" from the current follow set of a query.
  std::string ExpectedAfterQuery(std::string_view last, std::string_view also = {}) const;
  // Drops buffered lookahead so the lexer continues right after the last consumed token.
  void DropLookahead();

  // Names. A "name token" is a `quoted` word or an unquoted word that is not reserved.
  bool IsNameToken(const Token& t) const;
  bool IsAliasToken(const Token& t) const;
  // Any word or quoted word (after AS, after '.'), or an error naming `what`.
  Result<std::string> ParseAnyName(std::string_view what);
  // A possibly dotted object name (table, source, sink, format): a.b.c.
  Result<std::string> ParseObjectName(std::string_view what);
  // [AS] alias; empty when there is none.
  Result<std::string> ParseOptionalAlias();

  // Registers a finished node and checks the height of its tree.
  Result<ExprPtr> Finish(ExprPtr e);
  Result<QueryPtr> FinishQuery(std::shared_ptr<Query> q);
  Result<TableRefPtr> FinishTable(std::shared_ptr<TableRef> t);
  int HeightOf(const void* node) const;

  // ---- expressions (parse_expr.cc)
  Result<ExprPtr> ParseExpr();
  Result<ExprPtr> ParseBinary(int min_precedence);
  Infix PeekInfix();
  Result<ExprPtr> ParseInfix(ExprPtr left, const Infix& infix);
  Result<ExprPtr> ParseIs(ExprPtr left);
  Result<ExprPtr> ParsePrefix(int min_precedence);
  Result<ExprPtr> ParseUnary();
  Result<ExprPtr> ParsePostfix();
  Result<ExprPtr> ParsePrimary();
  Result<ExprPtr> ParseParenthesized();
  Result<ExprPtr> ParseWordPrimary();
  Result<ExprPtr> ParsePredicate(ExprPtr left, bool negated);
  Result<ExprPtr> ParseNamePath();
  Result<ExprPtr> ParseFunctionCall();
  Result<ExprPtr> ParseOver(ExprPtr call);
  Result<ExprPtr> ParseCase();
  Result<ExprPtr> ParseCast();

  // ---- literals and type names (parse_literal.cc)
  Result<ExprPtr> ParseNumber(const Token& t, bool negate, Position pos);
  Result<ExprPtr> ParseStringLiteral();
  Result<ExprPtr> ParseTypedLiteral();
  // After the INTERVAL keyword: 10 SECONDS | '10 seconds' | '10' SECOND | 1 MINUTE 30 SECONDS.
  // Months and years count `micros_per_month` each (0: rejected), see ParseIntervalText.
  Result<int64_t> ParseIntervalBody(const Token& interval_token, int64_t micros_per_month = 0);
  Result<types::TypePtr> ParseTypeName();

  // ---- queries (parse_query.cc)
  Result<QueryPtr> ParseQueryExpr();
  Result<QueryPtr> ParseQueryTerm();
  Result<QueryPtr> ParseSelectBlock();
  Result<SelectItem> ParseSelectItem();
  Result<OrderItem> ParseOrderItem();
  Result<TableRefPtr> ParseFromClause();
  Result<TableRefPtr> ParseTablePrimary();
  // VALUES row, row, ... [[AS] alias [(column, ...)]] (Spark's inline table) as a
  // subquery; `allow_alias` is false for VALUES as a whole query.
  Result<TableRefPtr> ParseInlineTable(bool allow_alias);
  Result<WatermarkClause> ParseWatermark(const Token& watermark_token);
  // True when the '(' at Peek(k) opens a query: '(' ... '(' SELECT.
  bool StartsQuery(size_t k);

  // ---- statements (parse_statement.cc)
  Result<StatementPtr> ParseStatement();
  Status ParseSet(Statement* stmt);
  Status ParseCreate(Statement* stmt);
  Status ParseDataDefinition(Statement* stmt, std::string_view object_kind);
  Status ParseStartQuery(Statement* stmt);
  Status ParseOptions(std::vector<std::pair<std::string, std::string>>* options);
  Result<types::Schema> ParseSchemaInParens();

  std::string_view text_;
  Lexer lexer_;
  std::deque<Token> tokens_;  // a deque keeps references stable while lookahead grows
  size_t pos_ = 0;
  int depth_ = 0;
  std::unordered_map<const void*, int> heights_;
  // What may continue the query parsed last ("FROM", "WHERE", ...), for error messages.
  std::vector<std::string> follow_;
};

}  // namespace sluice::sql
