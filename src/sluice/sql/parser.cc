#include "sluice/sql/parser.h"

#include <algorithm>
#include <cstdint>
#include <set>

#if defined(__linux__)
#include <pthread.h>
#endif

#include "sluice/sql/parser_internal.h"
#include "sluice/sql/syntax_error.h"

namespace sluice::sql {

namespace {

// Words that cannot be an unquoted column or table name because they start or join
// clauses. They still work after AS, after '.', as function names (`left(s, 2)`) and
// in `backquotes`.
const std::set<std::string, std::less<>>& ReservedNames() {
  static const auto* kWords = new std::set<std::string, std::less<>>{
      "ALL",    "AND",    "ANTI",      "AS",    "BETWEEN", "BY",      "CASE",  "CAST",  "CROSS",
      "DISTINCT", "ELSE", "END",       "EXCEPT", "EXISTS", "FALSE",   "FROM",  "FULL",  "GROUP",
      "HAVING", "ILIKE",  "IN",        "INNER", "INTERSECT", "IS",    "JOIN",  "LEFT",  "LIKE",
      "LIMIT",  "MINUS",  "NATURAL",   "NOT",   "NULL",    "ON",      "OR",    "ORDER", "OUTER",
      "REGEXP", "RIGHT",  "RLIKE",     "SELECT", "SEMI",   "THEN",    "TRUE",  "UNION", "USING",
      "WHEN",   "WHERE",  "WITH"};
  return *kWords;
}

// Words that cannot be a bare alias (without AS) because they may follow a select item
// or a table reference.
const std::set<std::string, std::less<>>& NonAliasWords() {
  static const auto* kWords = new std::set<std::string, std::less<>>{
      "ASC",    "CLUSTER", "DELAY", "DESC",  "DISTRIBUTE", "LATERAL", "NULLS", "OFFSET", "OVER",
      "PIVOT",  "QUALIFY", "SORT",  "TABLESAMPLE", "UNPIVOT", "WATERMARK", "WINDOW"};
  return *kWords;
}

// Stack space kept free when parsing deeply nested input: the depth limit alone is not
// enough on threads with small stacks or in sanitizer builds with large frames.
constexpr uintptr_t kStackReserveBytes = 256 * 1024;

struct StackBounds {
  uintptr_t low = 0;
  uintptr_t high = 0;
};

// The current thread's stack, or {0, 0} when unknown. Cached per thread.
const StackBounds& ThreadStackBounds() {
  thread_local const StackBounds bounds = [] {
    StackBounds b;
#if defined(__linux__)
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
      void* addr = nullptr;
      size_t size = 0;
      if (pthread_attr_getstack(&attr, &addr, &size) == 0) {
        b.low = reinterpret_cast<uintptr_t>(addr);
        b.high = b.low + size;
      }
      pthread_attr_destroy(&attr);
    }
#endif
    return b;
  }();
  return bounds;
}

bool StackIsNearlyFull() {
  char marker;
  uintptr_t here = reinterpret_cast<uintptr_t>(&marker);
  const StackBounds& b = ThreadStackBounds();
  // Outside the bounds (e.g. a sanitizer's heap-allocated fake frames) nothing is known.
  if (b.low == 0 || here <= b.low || here >= b.high) return false;
  return here - b.low < kStackReserveBytes;
}

std::string JoinAlternatives(const std::vector<std::string>& items, std::string_view last) {
  std::string out;
  for (const auto& item : items) {
    out += item;
    out += ", ";
  }
  if (!out.empty()) {
    out.resize(out.size() - 2);
    out += " or ";
  }
  out += last;
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------
// Tokens and errors
// ---------------------------------------------------------------------------

const Token& Parser::Peek(size_t k) {
  while (tokens_.size() <= pos_ + k) {
    if (!tokens_.empty() && tokens_.size() > pos_ &&
        (tokens_.back().kind == TokenKind::kEnd || tokens_.back().kind == TokenKind::kError)) {
      return tokens_.back();
    }
    tokens_.push_back(lexer_.Next());
  }
  return tokens_[pos_ + k];
}

const Token& Parser::Advance() {
  const Token& t = Peek();
  if (t.kind != TokenKind::kEnd && t.kind != TokenKind::kError) ++pos_;
  return t;
}

bool Parser::PeekKeyword(std::string_view keyword, size_t k) {
  const Token& t = Peek(k);
  return t.kind == TokenKind::kWord && t.upper == keyword;
}

bool Parser::AcceptKeyword(std::string_view keyword) {
  if (!PeekKeyword(keyword)) return false;
  Advance();
  return true;
}

Status Parser::ExpectKeyword(std::string_view keyword, std::string_view expected) {
  if (AcceptKeyword(keyword)) return Status::OK();
  return ErrorExpected(expected.empty() ? keyword : expected);
}

bool Parser::PeekOp(std::string_view op, size_t k) {
  const Token& t = Peek(k);
  return t.kind == TokenKind::kOperator && t.text == op;
}

bool Parser::AcceptOp(std::string_view op) {
  if (!PeekOp(op)) return false;
  Advance();
  return true;
}

Status Parser::ExpectOp(std::string_view op, std::string_view expected) {
  if (AcceptOp(op)) return Status::OK();
  return ErrorExpected(expected.empty() ? "'" + std::string(op) + "'" : std::string(expected));
}

Status Parser::ErrorAt(Position pos, size_t offset, std::string_view detail) const {
  return SyntaxError(text_, offset, pos, detail);
}

Status Parser::ErrorAt(const Token& t, std::string_view detail) const {
  if (t.kind == TokenKind::kError) return t.error;
  return ErrorAt(t.pos, t.begin, detail);
}

Status Parser::ErrorExpected(std::string_view what) {
  const Token& t = Peek();
  if (t.kind == TokenKind::kError) return t.error;
  std::string found = t.kind == TokenKind::kEnd ? "end of input" : QuoteForMessage(t.text);
  return ErrorAt(t, "expected " + std::string(what) + ", found " + found);
}

std::string Parser::ExpectedAfterQuery(std::string_view last, std::string_view also) const {
  std::vector<std::string> items = follow_;
  if (!also.empty()) items.emplace_back(also);
  return JoinAlternatives(items, last);
}

Status Parser::CheckDepth() {
  if (depth_ > kMaxNestingDepth) {
    return ErrorAt(Peek(), "the query is nested too deeply (more than " + std::to_string(kMaxNestingDepth) +
                               " levels of parentheses, subqueries or operators)");
  }
  if (StackIsNearlyFull()) {
    return ErrorAt(Peek(), "the query is nested too deeply (the parser ran low on stack space at " +
                               std::to_string(depth_) + " levels of nesting)");
  }
  return Status::OK();
}

void Parser::DropLookahead() {
  tokens_.resize(pos_);
  if (pos_ == 0) {
    lexer_.Reset(0, Position{1, 1});
  } else {
    lexer_.Reset(Previous().end, Previous().end_pos);
  }
}

// ---------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------

bool Parser::IsNameToken(const Token& t) const {
  if (t.kind == TokenKind::kQuotedWord) return true;
  return t.kind == TokenKind::kWord && ReservedNames().count(t.upper) == 0;
}

bool Parser::IsAliasToken(const Token& t) const {
  return IsNameToken(t) && (t.kind == TokenKind::kQuotedWord || NonAliasWords().count(t.upper) == 0);
}

Result<std::string> Parser::ParseAnyName(std::string_view what) {
  const Token& t = Peek();
  if (t.kind == TokenKind::kWord) return Advance().text;
  if (t.kind == TokenKind::kQuotedWord) return Advance().value;
  return ErrorExpected(what);
}

Result<std::string> Parser::ParseObjectName(std::string_view what) {
  const Token& t = Peek();
  if (!IsNameToken(t)) return ErrorExpected(what);
  std::string name = t.kind == TokenKind::kQuotedWord ? t.value : t.text;
  Advance();
  while (PeekOp(".") && (Peek(1).kind == TokenKind::kWord || Peek(1).kind == TokenKind::kQuotedWord)) {
    Advance();
    const Token& part = Advance();
    name += ".";
    name += part.kind == TokenKind::kQuotedWord ? part.value : part.text;
  }
  return name;
}

Result<std::string> Parser::ParseOptionalAlias() {
  if (AcceptKeyword("AS")) return ParseAnyName("an alias after AS");
  const Token& t = Peek();
  if (!IsAliasToken(t)) return std::string();
  return Advance().kind == TokenKind::kQuotedWord ? Previous().value : Previous().text;
}

// ---------------------------------------------------------------------------
// Tree heights
// ---------------------------------------------------------------------------

int Parser::HeightOf(const void* node) const {
  if (node == nullptr) return 0;
  auto it = heights_.find(node);
  return it == heights_.end() ? 1 : it->second;
}

Result<ExprPtr> Parser::Finish(ExprPtr e) {
  int height = 0;
  for (const auto& child : e->children) height = std::max(height, HeightOf(child.get()));
  for (const auto& item : e->window_order) height = std::max(height, HeightOf(item.expr.get()));
  ++height;
  if (height > kMaxNestingDepth) {
    return SyntaxError(text_, Peek().begin, Peek().pos,
                       "the expression is nested too deeply (more than " + std::to_string(kMaxNestingDepth) +
                           " levels of operators)");
  }
  heights_[e.get()] = height;
  return e;
}

Result<QueryPtr> Parser::FinishQuery(std::shared_ptr<Query> q) {
  int height = std::max({HeightOf(q->left.get()), HeightOf(q->right.get()), HeightOf(q->from.get()),
                         HeightOf(q->where.get()), HeightOf(q->having.get()), HeightOf(q->qualify.get())});
  for (const auto& item : q->select) height = std::max(height, HeightOf(item.expr.get()));
  for (const auto& e : q->group_by) height = std::max(height, HeightOf(e.get()));
  for (const auto& item : q->order_by) height = std::max(height, HeightOf(item.expr.get()));
  ++height;
  if (height > kMaxNestingDepth) {
    return SyntaxError(text_, Peek().begin, Peek().pos,
                       "the query is nested too deeply (more than " + std::to_string(kMaxNestingDepth) +
                           " levels of subqueries, joins or set operations)");
  }
  heights_[q.get()] = height;
  return QueryPtr(std::move(q));
}

Result<TableRefPtr> Parser::FinishTable(std::shared_ptr<TableRef> t) {
  int height = std::max({HeightOf(t->left.get()), HeightOf(t->right.get()), HeightOf(t->subquery.get()),
                         HeightOf(t->join_condition.get())});
  if (t->watermark) height = std::max(height, HeightOf(t->watermark->event_time.get()));
  ++height;
  if (height > kMaxNestingDepth) {
    return SyntaxError(text_, Peek().begin, Peek().pos,
                       "the query is nested too deeply (more than " + std::to_string(kMaxNestingDepth) +
                           " levels of subqueries, joins or set operations)");
  }
  heights_[t.get()] = height;
  return TableRefPtr(std::move(t));
}

// ---------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------

Result<QueryPtr> Parser::ParseQueryText() {
  SLUICE_ASSIGN_OR_RETURN(QueryPtr q, ParseQueryExpr());
  AcceptOp(";");
  if (Peek().kind != TokenKind::kEnd) return ErrorExpected(ExpectedAfterQuery("end of query"));
  return q;
}

Result<ExprPtr> Parser::ParseExpressionText() {
  SLUICE_ASSIGN_OR_RETURN(ExprPtr e, ParseExpr());
  if (Peek().kind != TokenKind::kEnd) return ErrorExpected("an operator or end of expression");
  return e;
}

Result<SelectItem> Parser::ParseSelectItemText() {
  SLUICE_ASSIGN_OR_RETURN(SelectItem item, ParseSelectItem());
  if (Peek().kind != TokenKind::kEnd) {
    return ErrorExpected(item.alias.empty() ? "an operator, AS alias or end of input" : "end of input");
  }
  return item;
}

Result<OrderItem> Parser::ParseOrderItemText() {
  SLUICE_ASSIGN_OR_RETURN(OrderItem item, ParseOrderItem());
  if (Peek().kind != TokenKind::kEnd) {
    return ErrorExpected(item.nulls_first ? "end of input" : "ASC, DESC, NULLS FIRST, NULLS LAST or end of input");
  }
  return item;
}

Result<std::vector<StatementPtr>> ParseScript(std::string_view text) { return Parser(text).ParseScriptText(); }

Result<QueryPtr> ParseQuery(std::string_view text) { return Parser(text).ParseQueryText(); }

Result<ExprPtr> ParseExpression(std::string_view text) { return Parser(text).ParseExpressionText(); }

Result<SelectItem> ParseSelectItem(std::string_view text) { return Parser(text).ParseSelectItemText(); }

Result<OrderItem> ParseOrderItem(std::string_view text) { return Parser(text).ParseOrderItemText(); }

}  // namespace sluice::sql
