#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sluice/sql/ast.h"

namespace sluice::plan {

// The unresolved logical plan: what SQL text and the DataFrame API both build, before
// names and types are resolved. Expressions are SQL ASTs (sql::Expr); the analyzer
// turns this into a resolved PlanNode tree.
struct LogicalPlan;
using LogicalPlanPtr = std::shared_ptr<const LogicalPlan>;

enum class LogicalKind : uint8_t {
  kRelation,     // name
  kSubqueryAlias,// alias over child
  kProject,      // items over child
  kFilter,       // condition over child
  kAggregate,    // group_by + items (select list with aggregates) over child
  kJoin,         // children[0] JOIN children[1]
  kUnion,        // children (all: UNION ALL)
  kDistinct,     // SELECT DISTINCT: an aggregation over all columns
  kSort,         // order over child
  kLimit,        // limit over child
  kWatermark,    // withWatermark / WATERMARK clause over child
  kDeduplicate,  // dropDuplicates(columns) / dropDuplicatesWithinWatermark(columns)
  kRepartition,  // repartition(n): changes no result
  kWithColumns,  // withColumn: items replace same-named columns or are appended
  kRename,       // withColumnRenamed: renames (old -> new)
};

struct LogicalPlan {
  LogicalKind kind = LogicalKind::kRelation;
  std::vector<LogicalPlanPtr> children;
  sql::Position pos;

  std::string name;                        // kRelation: table name; kSubqueryAlias: alias
  std::vector<sql::SelectItem> items;      // kProject / kAggregate / kWithColumns
  std::vector<sql::SelectItem> group_by;   // kAggregate (aliases only from the DataFrame API)
  sql::ExprPtr having;                     // kAggregate: HAVING
  sql::ExprPtr condition;                  // kFilter / kJoin (ON)
  sql::JoinType join_type = sql::JoinType::kInner;
  std::vector<std::string> using_columns;  // kJoin USING; kDeduplicate columns (empty = all)
  bool union_all = true;                   // kUnion
  bool inline_table = false;               // kUnion: the rows of VALUES ...
  std::vector<sql::OrderItem> order;       // kSort
  int64_t limit = 0;                       // kLimit; kRepartition: number of partitions
  sql::ExprPtr event_time;                 // kWatermark: the event-time column/expression
  std::string event_time_name;             // kWatermark: AS name (empty for a plain column)
  int64_t delay_micros = 0;                // kWatermark
  bool within_watermark = false;           // kDeduplicate
  // kDeduplicate written in SQL as ROW_NUMBER() OVER (PARTITION BY keys ORDER BY ...) = 1
  // (plan/row_number_dedup.h): the window expression. The analyzer takes the keys from
  // its PARTITION BY and picks within_watermark from its ORDER BY.
  sql::ExprPtr row_number;
  std::vector<std::pair<std::string, std::string>> renames;  // kRename

  // Short one-line description for EXPLAIN of the unresolved plan.
  std::string ToString(int indent = 0) const;
};

// Builders (used by the SQL translator and the DataFrame API).
LogicalPlanPtr MakeRelation(std::string name, sql::Position pos = {});
LogicalPlanPtr MakeUnary(LogicalKind kind, LogicalPlanPtr child);
// A kFilter of `condition` over `child`, positioned at the condition.
LogicalPlanPtr MakeFilterPlan(LogicalPlanPtr child, sql::ExprPtr condition);

// Translates a parsed query into a logical plan.
Result<LogicalPlanPtr> QueryToLogicalPlan(const sql::Query& query);

}  // namespace sluice::plan
