#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sluice/expr/aggregate.h"
#include "sluice/expr/expr.h"
#include "sluice/plan/catalog.h"
#include "sluice/sql/ast.h"

namespace sluice::plan {

// An output column of a resolved plan node.
struct Attribute {
  std::string name;
  types::TypePtr type;
  std::string qualifier;  // the relation alias or name it can be qualified with
  bool nullable = true;
  // Set on an event-time column declared by withWatermark / WATERMARK (Spark's
  // "spark.watermarkDelayMs" column metadata); kept when the column is passed through.
  std::optional<int64_t> watermark_delay_micros;
};

enum class NodeKind : uint8_t {
  kScan,         // a streaming source or a static table
  kProject,      // exprs, one per output column
  kFilter,       // predicate
  kGenerate,     // explode(...): child columns + generated column
  kAggregate,    // output = group keys, then aggregate results
  kJoin,         // stream-static equi-join
  kUnion,        // all children, same schema
  kSort,
  kLimit,
  kWatermark,    // marks the event-time column; tracks max event time
  kDeduplicate,  // dropDuplicates
  kRepartition,
};

struct SortKey {
  expr::ExprPtr expr;
  bool ascending = true;
  bool nulls_first = true;
};

struct PlanNode;
using PlanPtr = std::shared_ptr<const PlanNode>;

// A resolved logical plan node: names bound, types known. The optimizer rewrites these
// trees and the physical planner in exec/ turns them into operators.
struct PlanNode {
  NodeKind kind = NodeKind::kScan;
  std::vector<PlanPtr> children;
  std::vector<Attribute> output;
  bool streaming = false;  // true when any leaf below is a streaming source

  // kScan
  std::shared_ptr<const RelationInfo> relation;
  // kProject (one per output), kGenerate (child passthrough is implicit)
  std::vector<expr::ExprPtr> exprs;
  // kFilter
  expr::ExprPtr predicate;
  // kGenerate
  expr::ExprPtr generator;
  // kAggregate
  std::vector<expr::ExprPtr> group_exprs;
  std::vector<expr::AggregateCall> aggregates;
  // The key that is a session_window() column (plan/time_window.h): the aggregation
  // merges overlapping sessions per other keys; -1 for a plain aggregation.
  int session_window_key = -1;
  // kJoin
  sql::JoinType join_type = sql::JoinType::kInner;
  std::vector<expr::ExprPtr> left_keys, right_keys;  // over each side's output
  expr::ExprPtr residual;                            // over left ++ right output, may be null
  // kSort
  std::vector<SortKey> sort_keys;
  // kLimit; kRepartition: number of partitions
  int64_t limit = 0;
  // kWatermark
  int event_time_column = -1;
  int64_t delay_micros = 0;
  // kDeduplicate
  std::vector<int> key_columns;
  bool within_watermark = false;

  types::SchemaPtr OutputSchema() const;
  // One line for EXPLAIN, e.g. "Filter ((value#0 % 2) = 0)".
  std::string ToString() const;
  // The whole tree, indented, as Spark's EXPLAIN prints it.
  std::string TreeString() const;
};

// Convenience constructors that compute outputs.
PlanPtr MakeProject(PlanPtr child, std::vector<expr::ExprPtr> exprs, std::vector<Attribute> output);
PlanPtr MakeFilter(PlanPtr child, expr::ExprPtr predicate);

}  // namespace sluice::plan
