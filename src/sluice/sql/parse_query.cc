// Queries: SELECT blocks (with QUALIFY), UNION [ALL], ORDER BY / LIMIT, and the FROM clause with
// joins, subqueries, STREAM(name) and the streaming WATERMARK clause.

#include <charconv>

#include "sluice/common/time.h"
#include "sluice/sql/interval_text.h"
#include "sluice/sql/parser_internal.h"

namespace sluice::sql {

Result<QueryPtr> Parser::ParseQueryExpr() {
  DepthGuard guard(this);
  SLUICE_RETURN_IF_ERROR(CheckDepth());
  SLUICE_ASSIGN_OR_RETURN(QueryPtr left, ParseQueryTerm());
  while (true) {
    const Token& t = Peek();
    if (t.kind == TokenKind::kWord && (t.upper == "INTERSECT" || t.upper == "EXCEPT" || t.upper == "MINUS")) {
      return ErrorAt(t, t.upper + " is not supported (only UNION and UNION ALL)");
    }
    if (!PeekKeyword("UNION")) break;
    Advance();
    std::string op = "UNION";
    if (AcceptKeyword("ALL")) {
      op = "UNION ALL";
    } else {
      AcceptKeyword("DISTINCT");
    }
    SLUICE_ASSIGN_OR_RETURN(QueryPtr right, ParseQueryTerm());
    auto q = std::make_shared<Query>();
    q->pos = left->pos;
    q->set_op = op;
    q->left = std::move(left);
    q->right = std::move(right);
    SLUICE_ASSIGN_OR_RETURN(left, FinishQuery(std::move(q)));
  }

  std::vector<OrderItem> order_by;
  std::optional<int64_t> limit;
  bool has_limit_clause = false;
  if (PeekKeyword("ORDER") || (PeekKeyword("SORT") && PeekKeyword("BY", 1))) {
    Advance();
    SLUICE_RETURN_IF_ERROR(ExpectKeyword("BY"));
    do {
      SLUICE_ASSIGN_OR_RETURN(OrderItem item, ParseOrderItem());
      order_by.push_back(std::move(item));
    } while (AcceptOp(","));
    follow_ = {"','", "LIMIT"};
  }
  if (AcceptKeyword("LIMIT")) {
    has_limit_clause = true;
    if (!AcceptKeyword("ALL")) {
      const Token& n = Peek();
      int64_t value = 0;
      bool ok = n.kind == TokenKind::kInteger && (n.suffix == 0 || n.suffix == 'L');
      if (ok) {
        auto [ptr, ec] = std::from_chars(n.value.data(), n.value.data() + n.value.size(), value);
        ok = ec == std::errc() && ptr == n.value.data() + n.value.size();
      }
      if (!ok) return ErrorExpected("a non-negative integer or ALL after LIMIT");
      Advance();
      limit = value;
    }
    follow_.clear();
  }
  if (order_by.empty() && !has_limit_clause) return left;

  // ORDER BY / LIMIT apply to the whole set operation; if the operand already has its
  // own (a parenthesized query), wrap it: SELECT * FROM (operand) ORDER BY ... LIMIT ...
  std::shared_ptr<Query> result;
  if (left->order_by.empty() && !left->limit) {
    result = std::make_shared<Query>(*left);
  } else {
    auto sub = std::make_shared<TableRef>();
    sub->kind = TableRef::Kind::kSubquery;
    sub->pos = left->pos;
    sub->subquery = left;
    result = std::make_shared<Query>();
    result->pos = left->pos;
    auto star = std::make_shared<Expr>();
    star->kind = ExprKind::kStar;
    star->pos = left->pos;
    result->select.push_back(SelectItem{star, ""});
    SLUICE_ASSIGN_OR_RETURN(result->from, FinishTable(std::move(sub)));
  }
  result->order_by = std::move(order_by);
  result->limit = limit;
  return FinishQuery(std::move(result));
}

Result<QueryPtr> Parser::ParseQueryTerm() {
  if (PeekOp("(")) {
    Advance();
    SLUICE_ASSIGN_OR_RETURN(QueryPtr inner, ParseQueryExpr());
    if (!AcceptOp(")")) return ErrorExpected(ExpectedAfterQuery("')'"));
    follow_ = {"UNION", "ORDER BY", "LIMIT"};
    return inner;
  }
  if (PeekKeyword("SELECT")) return ParseSelectBlock();
  if (PeekKeyword("VALUES")) {
    // VALUES ... as a query is SELECT * FROM VALUES ...
    SLUICE_ASSIGN_OR_RETURN(TableRefPtr values, ParseInlineTable(/*allow_alias=*/false));
    return values->subquery;
  }
  if (PeekKeyword("WITH")) return ErrorAt(Peek(), "WITH (common table expressions) is not supported; use a subquery or CREATE VIEW");
  return ErrorExpected("SELECT, VALUES or '('");
}

Result<QueryPtr> Parser::ParseSelectBlock() {
  const Token& select = Advance();
  auto q = std::make_shared<Query>();
  q->pos = select.pos;
  if (AcceptKeyword("DISTINCT")) {
    q->distinct = true;
  } else {
    AcceptKeyword("ALL");
  }
  do {
    SLUICE_ASSIGN_OR_RETURN(SelectItem item, ParseSelectItem());
    q->select.push_back(std::move(item));
  } while (AcceptOp(","));
  follow_ = {"','", "FROM", "WHERE", "GROUP BY", "HAVING", "QUALIFY", "ORDER BY", "LIMIT", "UNION"};

  if (AcceptKeyword("FROM")) {
    SLUICE_ASSIGN_OR_RETURN(q->from, ParseFromClause());
    follow_ = {"','", "JOIN", "WHERE", "GROUP BY", "HAVING", "QUALIFY", "ORDER BY", "LIMIT", "UNION"};
  }
  if (AcceptKeyword("WHERE")) {
    SLUICE_ASSIGN_OR_RETURN(q->where, ParseExpr());
    follow_ = {"GROUP BY", "HAVING", "QUALIFY", "ORDER BY", "LIMIT", "UNION"};
  }
  if (PeekKeyword("GROUP")) {
    Advance();
    SLUICE_RETURN_IF_ERROR(ExpectKeyword("BY", "BY after GROUP"));
    do {
      SLUICE_ASSIGN_OR_RETURN(ExprPtr e, ParseExpr());
      q->group_by.push_back(std::move(e));
    } while (AcceptOp(","));
    follow_ = {"','", "HAVING", "QUALIFY", "ORDER BY", "LIMIT", "UNION"};
  }
  if (AcceptKeyword("HAVING")) {
    SLUICE_ASSIGN_OR_RETURN(q->having, ParseExpr());
    follow_ = {"QUALIFY", "ORDER BY", "LIMIT", "UNION"};
  }
  if (AcceptKeyword("QUALIFY")) {
    SLUICE_ASSIGN_OR_RETURN(q->qualify, ParseExpr());
    follow_ = {"ORDER BY", "LIMIT", "UNION"};
  }
  return FinishQuery(std::move(q));
}

Result<SelectItem> Parser::ParseSelectItem() {
  SelectItem item;
  SLUICE_ASSIGN_OR_RETURN(item.expr, ParseExpr());
  if (PeekKeyword("AS") && PeekOp("(", 1)) {
    return ErrorAt(Peek(1), "multiple aliases AS (a, b) are not supported; alias each column separately");
  }
  SLUICE_ASSIGN_OR_RETURN(item.alias, ParseOptionalAlias());
  return item;
}

Result<OrderItem> Parser::ParseOrderItem() {
  OrderItem item;
  SLUICE_ASSIGN_OR_RETURN(item.expr, ParseExpr());
  if (AcceptKeyword("DESC")) {
    item.ascending = false;
  } else {
    AcceptKeyword("ASC");
  }
  if (AcceptKeyword("NULLS")) {
    if (AcceptKeyword("FIRST")) {
      item.nulls_first = true;
    } else if (AcceptKeyword("LAST")) {
      item.nulls_first = false;
    } else {
      return ErrorExpected("FIRST or LAST after NULLS");
    }
  }
  return item;
}

// ---------------------------------------------------------------------------
// FROM
// ---------------------------------------------------------------------------

Result<TableRefPtr> Parser::ParseFromClause() {
  SLUICE_ASSIGN_OR_RETURN(TableRefPtr left, ParseTablePrimary());
  while (true) {
    const Token& start = Peek();
    JoinType type = JoinType::kInner;
    bool comma = false;
    if (AcceptOp(",")) {
      type = JoinType::kCross;
      comma = true;
    } else if (AcceptKeyword("JOIN")) {
      type = JoinType::kInner;
    } else if (AcceptKeyword("INNER")) {
      SLUICE_RETURN_IF_ERROR(ExpectKeyword("JOIN", "JOIN after INNER"));
    } else if (AcceptKeyword("CROSS")) {
      type = JoinType::kCross;
      SLUICE_RETURN_IF_ERROR(ExpectKeyword("JOIN", "JOIN after CROSS"));
    } else if (AcceptKeyword("LEFT")) {
      if (AcceptKeyword("SEMI")) {
        type = JoinType::kLeftSemi;
      } else if (AcceptKeyword("ANTI")) {
        type = JoinType::kLeftAnti;
      } else {
        AcceptKeyword("OUTER");
        type = JoinType::kLeftOuter;
      }
      SLUICE_RETURN_IF_ERROR(ExpectKeyword("JOIN", "JOIN, OUTER JOIN, SEMI JOIN or ANTI JOIN after LEFT"));
    } else if (AcceptKeyword("RIGHT")) {
      AcceptKeyword("OUTER");
      type = JoinType::kRightOuter;
      SLUICE_RETURN_IF_ERROR(ExpectKeyword("JOIN", "JOIN or OUTER JOIN after RIGHT"));
    } else if (AcceptKeyword("FULL")) {
      AcceptKeyword("OUTER");
      type = JoinType::kFullOuter;
      SLUICE_RETURN_IF_ERROR(ExpectKeyword("JOIN", "JOIN or OUTER JOIN after FULL"));
    } else if (AcceptKeyword("SEMI")) {
      type = JoinType::kLeftSemi;
      SLUICE_RETURN_IF_ERROR(ExpectKeyword("JOIN", "JOIN after SEMI"));
    } else if (AcceptKeyword("ANTI")) {
      type = JoinType::kLeftAnti;
      SLUICE_RETURN_IF_ERROR(ExpectKeyword("JOIN", "JOIN after ANTI"));
    } else if (PeekKeyword("NATURAL")) {
      return ErrorAt(Peek(), "NATURAL JOIN is not supported; use JOIN ... USING (columns)");
    } else {
      break;
    }
    Position pos = start.pos;
    SLUICE_ASSIGN_OR_RETURN(TableRefPtr right, ParseTablePrimary());
    auto join = std::make_shared<TableRef>();
    join->kind = TableRef::Kind::kJoin;
    join->pos = pos;
    join->join_type = type;
    join->left = std::move(left);
    join->right = std::move(right);
    if (!comma) {
      if (AcceptKeyword("ON")) {
        SLUICE_ASSIGN_OR_RETURN(join->join_condition, ParseExpr());
      } else if (AcceptKeyword("USING")) {
        SLUICE_RETURN_IF_ERROR(ExpectOp("(", "'(' after USING"));
        do {
          SLUICE_ASSIGN_OR_RETURN(std::string column, ParseAnyName("a column name"));
          join->using_columns.push_back(std::move(column));
        } while (AcceptOp(","));
        SLUICE_RETURN_IF_ERROR(ExpectOp(")", "',' or ')'"));
      }
    }
    SLUICE_ASSIGN_OR_RETURN(left, FinishTable(std::move(join)));
  }
  return left;
}

bool Parser::StartsQuery(size_t k) {
  size_t i = k;
  while (PeekOp("(", i)) {
    ++i;
    // Deeper than the nesting limit: either way the parse stops at the limit.
    if (i - k > static_cast<size_t>(kMaxNestingDepth)) return true;
  }
  return i > k && (PeekKeyword("SELECT", i) || PeekKeyword("WITH", i));
}

Result<TableRefPtr> Parser::ParseTablePrimary() {
  DepthGuard guard(this);
  SLUICE_RETURN_IF_ERROR(CheckDepth());
  const Token& start = Peek();
  auto t = std::make_shared<TableRef>();
  t->pos = start.pos;
  if (PeekKeyword("VALUES")) return ParseInlineTable(/*allow_alias=*/true);
  if (PeekOp("(")) {
    if (!StartsQuery(0)) {
      // A parenthesized join: (a JOIN b ON ...).
      Advance();
      SLUICE_ASSIGN_OR_RETURN(TableRefPtr inner, ParseFromClause());
      SLUICE_RETURN_IF_ERROR(ExpectOp(")", "JOIN, ',' or ')'"));
      return inner;
    }
    Advance();
    t->kind = TableRef::Kind::kSubquery;
    SLUICE_ASSIGN_OR_RETURN(t->subquery, ParseQueryExpr());
    if (!AcceptOp(")")) return ErrorExpected(ExpectedAfterQuery("')'"));
  } else if (PeekKeyword("STREAM") && PeekOp("(", 1)) {
    // STREAM(events): a streaming read of a named source, as in Databricks SQL.
    Advance();
    Advance();
    SLUICE_ASSIGN_OR_RETURN(t->name, ParseObjectName("a source name"));
    SLUICE_RETURN_IF_ERROR(ExpectOp(")"));
  } else if (PeekKeyword("STREAM") && IsAliasToken(Peek(1))) {
    Advance();
    SLUICE_ASSIGN_OR_RETURN(t->name, ParseObjectName("a source name"));
  } else {
    SLUICE_ASSIGN_OR_RETURN(t->name, ParseObjectName("a table name or '('"));
    if (PeekOp("(")) {
      return ErrorAt(Peek(), "table-valued functions are not supported; expected a table or source name");
    }
  }
  SLUICE_ASSIGN_OR_RETURN(t->alias, ParseOptionalAlias());
  if (PeekKeyword("WATERMARK")) {
    const Token& watermark_token = Advance();
    SLUICE_ASSIGN_OR_RETURN(WatermarkClause watermark, ParseWatermark(watermark_token));
    t->watermark = std::move(watermark);
    if (t->alias.empty()) {
      SLUICE_ASSIGN_OR_RETURN(t->alias, ParseOptionalAlias());
    }
  }
  return FinishTable(std::move(t));
}

namespace {

// Whether `e` reads a column (a row of an inline table must be constant).
bool ReadsColumn(const Expr& e) {
  if (e.kind == ExprKind::kColumnRef || e.kind == ExprKind::kStar) return true;
  for (const auto& c : e.children) {
    if (c != nullptr && ReadsColumn(*c)) return true;
  }
  return false;
}

}  // namespace

// The rows become the UNION ALL of one-row SELECTs, paired up level by level so that
// thousands of rows nest only log2(n) deep; the analyzer then widens each column to
// a common type as Spark's inline tables do.
Result<TableRefPtr> Parser::ParseInlineTable(bool allow_alias) {
  const Token& values_token = Advance();
  std::vector<std::vector<ExprPtr>> rows;
  std::vector<std::pair<Position, size_t>> row_start;  // position and byte offset of each row
  do {
    row_start.emplace_back(Peek().pos, Peek().begin);
    std::vector<ExprPtr> row;
    if (AcceptOp("(")) {
      do {
        SLUICE_ASSIGN_OR_RETURN(ExprPtr e, ParseExpr());
        row.push_back(std::move(e));
      } while (AcceptOp(","));
      SLUICE_RETURN_IF_ERROR(ExpectOp(")", "',' or ')'"));
    } else {
      SLUICE_ASSIGN_OR_RETURN(ExprPtr e, ParseExpr());
      row.push_back(std::move(e));
    }
    rows.push_back(std::move(row));
  } while (AcceptOp(","));
  const size_t num_columns = rows[0].size();
  for (size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].size() != num_columns) {
      return ErrorAt(row_start[r].first, row_start[r].second,
                     "[INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH] Invalid inline table. Inline table expected " +
                             std::to_string(num_columns) + " columns but found " + std::to_string(rows[r].size()) +
                             " columns in row " + std::to_string(r) + ".");
    }
    for (const auto& e : rows[r]) {
      if (ReadsColumn(*e)) {
        return ErrorAt(row_start[r].first, row_start[r].second,
                       "[INVALID_INLINE_TABLE.CANNOT_EVALUATE_EXPRESSION_IN_INLINE_TABLE] Invalid inline table. "
                           "Cannot evaluate the expression \"" + e->ToString() +
                               "\" in inline table definition (rows hold constants, not columns).");
      }
    }
  }
  auto t = std::make_shared<TableRef>();
  t->pos = values_token.pos;
  t->kind = TableRef::Kind::kSubquery;
  std::vector<std::string> names;
  for (size_t c = 0; c < num_columns; ++c) names.push_back("col" + std::to_string(c + 1));
  if (allow_alias) {
    SLUICE_ASSIGN_OR_RETURN(t->alias, ParseOptionalAlias());
    if (!t->alias.empty() && PeekOp("(")) {
      const Token& open = Advance();
      std::vector<std::string> aliases;
      do {
        SLUICE_ASSIGN_OR_RETURN(std::string name, ParseAnyName("a column name"));
        aliases.push_back(std::move(name));
      } while (AcceptOp(","));
      SLUICE_RETURN_IF_ERROR(ExpectOp(")", "',' or ')'"));
      if (aliases.size() != num_columns) {
        return ErrorAt(open,
                       "Number of column aliases does not match number of columns. Number of column aliases: " +
                               std::to_string(aliases.size()) + "; number of columns: " + std::to_string(num_columns) +
                               ".");
      }
      names = std::move(aliases);
    }
  }
  std::vector<QueryPtr> level;
  for (auto& row : rows) {
    auto q = std::make_shared<Query>();
    q->pos = values_token.pos;
    for (size_t c = 0; c < num_columns; ++c) q->select.push_back(SelectItem{std::move(row[c]), names[c]});
    SLUICE_ASSIGN_OR_RETURN(QueryPtr finished, FinishQuery(std::move(q)));
    level.push_back(std::move(finished));
  }
  while (level.size() > 1) {
    std::vector<QueryPtr> next;
    for (size_t i = 0; i + 1 < level.size(); i += 2) {
      auto u = std::make_shared<Query>();
      u->pos = values_token.pos;
      u->set_op = "UNION ALL";
      u->inline_table = true;
      u->left = level[i];
      u->right = level[i + 1];
      SLUICE_ASSIGN_OR_RETURN(QueryPtr finished, FinishQuery(std::move(u)));
      next.push_back(std::move(finished));
    }
    if (level.size() % 2 == 1) next.push_back(level.back());
    level = std::move(next);
  }
  t->subquery = level[0];
  return FinishTable(std::move(t));
}

// After WATERMARK: expr [AS name] DELAY OF INTERVAL n UNIT (or DELAY OF '10 seconds').
Result<WatermarkClause> Parser::ParseWatermark(const Token& watermark_token) {
  WatermarkClause w;
  w.pos = watermark_token.pos;
  SLUICE_ASSIGN_OR_RETURN(w.event_time, ParseExpr());
  bool has_name = false;
  if (AcceptKeyword("AS")) {
    has_name = true;
    SLUICE_ASSIGN_OR_RETURN(w.name, ParseAnyName("a column name after AS"));
  }
  if (!AcceptKeyword("DELAY")) return ErrorExpected(has_name ? "DELAY OF" : "AS name or DELAY OF");
  SLUICE_RETURN_IF_ERROR(ExpectKeyword("OF", "OF after DELAY"));
  if (PeekKeyword("INTERVAL")) {
    const Token& interval_token = Advance();
    SLUICE_ASSIGN_OR_RETURN(w.delay_micros, ParseIntervalBody(interval_token, kWatermarkMicrosPerMonth));
  } else if (Peek().kind == TokenKind::kString) {
    const Token& s = Advance();
    auto micros = ParseIntervalText(s.value, kWatermarkMicrosPerMonth);
    if (!micros.ok()) return ErrorAt(s, micros.status().message());
    w.delay_micros = *micros;
  } else {
    return ErrorExpected("INTERVAL (as in DELAY OF INTERVAL 10 SECONDS)");
  }
  return w;
}

}  // namespace sluice::sql
