#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sluice/types/data_type.h"
#include "sluice/types/schema.h"
#include "sluice/types/value.h"

namespace sluice::sql {

// A position in the SQL text, 1-based, for error messages ("line 1, column 8").
struct Position {
  int line = 0;
  int column = 0;
};

// ---------------------------------------------------------------------------
// Expressions (unresolved: names are not yet bound to columns or functions).
// The C++ DataFrame API builds these too (col("x") is a ColumnRef).
// ---------------------------------------------------------------------------

enum class ExprKind : uint8_t {
  kColumnRef,   // parts: ["value"], ["e", "value"], ["window", "start"]
  kStar,        // parts: [] for *, ["t"] for t.*
  kLiteral,     // value + literal_type
  kUnary,       // op: "-", "NOT", "~"
  kBinary,      // op: "+", "-", "*", "/", "%", "DIV", "=", "<>", "<", "<=", ">", ">=", "<=>",
                //     "AND", "OR", "||", "&", "|", "^"  ("==" and "!=" normalize to "=" and "<>")
  kIsNull,      // negated: IS NOT NULL
  kIn,          // children[0] IN (children[1..]); negated: NOT IN
  kBetween,     // children: value, low, high; negated
  kLike,        // children: value, pattern; op: "LIKE" | "RLIKE" | "ILIKE"; negated
  kCase,        // children: [operand?] when1, then1, ..., [else]; has_operand, has_else
  kCast,        // children[0]; cast_type; op "CAST" or "TRY_CAST"
  kFunction,    // name (as written), children = args; distinct; is_count_star for count(*)
  kSubscript,   // children: base, index   (arr[0])
  kField,       // children[0] . name      (expression.field, when the base is not a plain name)
  kInterval,    // interval_micros: INTERVAL 10 SECONDS / INTERVAL '10 seconds'
  kLambda,      // reserved for higher-order functions; not produced yet
  kWindow,      // children[0] OVER (PARTITION BY children[1..] ORDER BY window_order); children[0]
                // is the kFunction call; pos is the call's position
};

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;

struct OrderItem {
  ExprPtr expr;
  bool ascending = true;
  std::optional<bool> nulls_first;  // default: Spark's (NULLS FIRST for ASC, LAST for DESC)
};

struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  Position pos;
  std::vector<std::string> parts;   // kColumnRef / kStar
  std::string name;                 // kFunction: function name; kField: field name
  std::string op;                   // kUnary / kBinary / kLike / kCast
  std::vector<ExprPtr> children;
  types::Value value;               // kLiteral
  types::TypePtr literal_type;      // kLiteral (VOID for NULL); kCast: target type in cast_type
  types::TypePtr cast_type;         // kCast
  int64_t interval_micros = 0;      // kInterval
  bool negated = false;             // kIsNull / kIn / kBetween / kLike
  bool distinct = false;            // kFunction: count(DISTINCT x)
  bool is_count_star = false;       // kFunction: count(*)
  bool has_operand = false;         // kCase
  bool has_else = false;            // kCase
  std::vector<OrderItem> window_order;  // kWindow: ORDER BY inside OVER (...)

  // SQL text for EXPLAIN and messages, e.g. "(value + 1)", "count(1)", "CAST(ts AS BIGINT)",
  // "row_number() OVER (PARTITION BY user ORDER BY ts DESC)"; it parses back to the same tree.
  std::string ToString() const;
};

// Spark's automatic column name for an unaliased select item (Spark's toPrettySQL):
// "value" for a column, "(value + 1)", "count(1)" for count(*), "sum(value)",
// "CAST(ts AS BIGINT)", "window" for window(...), "upper(name)".
std::string AutoName(const Expr& e);

// Spark's SQL for the OVER clause of a kWindow expression once its analyzer has filled in
// the default frame (WindowSpecDefinition.sql, without qualifiers), e.g.
// "(PARTITION BY user ORDER BY ts ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)".
// REQUIRES: window.kind == ExprKind::kWindow.
std::string WindowSpecSql(const Expr& window);

// Builders used by the parser and the DataFrame API.
ExprPtr MakeColumnRef(std::vector<std::string> parts, Position pos = {});
ExprPtr MakeLiteral(types::Value value, types::TypePtr type, Position pos = {});
ExprPtr MakeFunction(std::string name, std::vector<ExprPtr> args, bool distinct = false, Position pos = {});
ExprPtr MakeBinary(std::string op, ExprPtr left, ExprPtr right, Position pos = {});
ExprPtr MakeUnary(std::string op, ExprPtr child, Position pos = {});

// ---------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------

struct Query;
using QueryPtr = std::shared_ptr<const Query>;

// WATERMARK expr [AS name] DELAY OF INTERVAL n UNIT
struct WatermarkClause {
  ExprPtr event_time;           // the column or expression
  std::string name;             // AS name; empty when the expression is a plain column
  int64_t delay_micros = 0;     // may be negative: the analyzer rejects it
  Position pos;
};

enum class JoinType : uint8_t { kInner, kLeftOuter, kRightOuter, kFullOuter, kLeftSemi, kLeftAnti, kCross };

struct TableRef;
using TableRefPtr = std::shared_ptr<const TableRef>;

struct TableRef {
  enum class Kind : uint8_t { kNamed, kSubquery, kJoin } kind = Kind::kNamed;
  Position pos;
  std::string name;                       // kNamed (STREAM(x) and STREAM x give name x)
  QueryPtr subquery;                      // kSubquery
  std::string alias;                      // AS alias (kNamed / kSubquery)
  std::optional<WatermarkClause> watermark;  // follows a named table or a subquery
  // kJoin
  TableRefPtr left, right;
  JoinType join_type = JoinType::kInner;
  ExprPtr join_condition;                 // ON ...
  std::vector<std::string> using_columns; // USING (a, b)
};

struct SelectItem {
  ExprPtr expr;
  std::string alias;   // empty when not aliased
};

// One SELECT block, or a set operation of two queries (UNION [ALL]).
struct Query {
  Position pos;
  // Set operation: when set_op is non-empty, left/right hold the operands and the
  // remaining fields except order_by/limit are unused.
  std::string set_op;  // "" | "UNION ALL" | "UNION"
  QueryPtr left, right;
  bool inline_table = false;  // the UNION ALL is the rows of VALUES ... (for its errors)

  bool distinct = false;
  std::vector<SelectItem> select;
  TableRefPtr from;  // null for SELECT without FROM
  ExprPtr where;
  std::vector<ExprPtr> group_by;
  ExprPtr having;
  // QUALIFY (Databricks SQL): filters on window functions after WHERE, GROUP BY and
  // HAVING; plan/row_number_dedup.h turns ROW_NUMBER() ... = 1 into a deduplication.
  ExprPtr qualify;
  std::vector<OrderItem> order_by;
  std::optional<int64_t> limit;
};

// ---------------------------------------------------------------------------
// Pipeline statements (a pipeline file is a list of these, separated by ';').
// ---------------------------------------------------------------------------

enum class StatementKind : uint8_t {
  kCreateSource,   // CREATE [OR REPLACE] [TEMPORARY] SOURCE|STREAM name [(schema)] USING fmt [OPTIONS (...)]
  kCreateSink,     // CREATE [OR REPLACE] SINK name USING fmt [OPTIONS (...)]
  kCreateTable,    // CREATE [OR REPLACE] [TEMPORARY] TABLE name [(schema)] USING fmt [OPTIONS (...)]  (static)
  kCreateView,     // CREATE [OR REPLACE] [TEMPORARY] VIEW name AS query
  kSet,            // SET key = value   (value as written, quotes removed)
  kStartQuery,     // see StartQuery below
  kQuery,          // a bare query (runs as a batch query and prints its result)
  kExplain,        // EXPLAIN [EXTENDED] query
};

// CREATE STREAMING QUERY [name]
//   [OUTPUT MODE append|update|complete]
//   [TRIGGER PROCESSING TIME '2 seconds' | TRIGGER ONCE | TRIGGER AVAILABLE NOW]
//   [OPTIONS (checkpointLocation '/tmp/cp', ...)]
//   AS INSERT INTO sink query
struct StartQuery {
  std::string name;
  std::string output_mode;   // as written; "" = default (append)
  std::string trigger;       // "" | "processingTime" | "once" | "availableNow"
  std::string trigger_interval;  // for processingTime: "2 seconds"
  std::map<std::string, std::string> options;
  std::string sink;
  QueryPtr query;
};

struct Statement {
  StatementKind kind = StatementKind::kQuery;
  Position pos;
  std::string name;                          // source/sink/table/view name
  bool or_replace = false;
  std::string format;                        // USING fmt
  std::optional<types::Schema> schema;       // (col TYPE, ...)
  std::vector<std::pair<std::string, std::string>> options;  // OPTIONS (key 'value'), in order
  std::string set_key, set_value;            // kSet
  QueryPtr query;                            // kCreateView / kQuery / kExplain
  bool extended = false;                     // EXPLAIN EXTENDED
  StartQuery start;                          // kStartQuery
  std::string text;                          // the statement's own SQL text
};

using StatementPtr = std::shared_ptr<const Statement>;

}  // namespace sluice::sql
