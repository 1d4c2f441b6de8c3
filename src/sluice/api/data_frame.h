#pragma once

#include <concepts>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sluice/api/column.h"
#include "sluice/common/status.h"
#include "sluice/types/batch.h"
#include "sluice/types/schema.h"
#include "sluice/types/value.h"

namespace sluice::plan {
struct LogicalPlan;
struct PlanNode;
}  // namespace sluice::plan

namespace sluice {

class Session;
class GroupedData;
class DataStreamWriter;

// A query over streaming sources or static tables: Spark's DataFrame (Dataset[Row]).
//
// Immutable and cheap to copy: every transformation returns a new DataFrame sharing the
// plan of this one. Transformations are analyzed at once, as in Spark, so a misspelled
// column throws AnalysisException at the call that introduced it:
//   df.select("vlue")  ->  [UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or
//                          function parameter with name `vlue` cannot be resolved. Did you
//                          mean one of the following? [`value`, ...].
// A streaming DataFrame (isStreaming()) runs with writeStream().start(); a static one
// with collect()/show()/count().
//
// Arguments typed ColumnOrName take a Column or a column name; where()/filter() also
// take a SQL condition string, selectExpr() SQL expressions. Method names are Spark's
// (camelCase on purpose). Thread-safe: a DataFrame may be used from several threads.
class DataFrame {
 public:
  // ---- Projections and filters ---------------------------------------------------------
  DataFrame select(const std::vector<ColumnOrName>& columns) const;
  template <typename... Cs>
  DataFrame select(const Cs&... columns) const {
    return select(std::vector<ColumnOrName>{ColumnOrName(columns)...});
  }
  // SQL expressions with optional aliases: selectExpr("value % 10 AS bucket", "ts").
  DataFrame selectExpr(const std::vector<std::string>& expressions) const;
  template <typename... Ss>
  DataFrame selectExpr(const Ss&... expressions) const {
    return selectExpr(std::vector<std::string>{std::string(expressions)...});
  }
  DataFrame where(const Column& condition) const;
  DataFrame where(const std::string& condition) const;  // SQL text: "value % 2 = 0"
  DataFrame where(const char* condition) const;
  DataFrame filter(const Column& condition) const { return where(condition); }
  DataFrame filter(const std::string& condition) const { return where(condition); }
  DataFrame filter(const char* condition) const { return where(condition); }
  // Adds a column, or replaces the column of that name.
  DataFrame withColumn(const std::string& name, const Column& value) const;
  DataFrame withColumnRenamed(const std::string& existing, const std::string& new_name) const;
  // Removes columns by name; names that do not exist are ignored (as Spark does).
  DataFrame drop(const std::vector<std::string>& names) const;
  template <typename... Ss>
  DataFrame drop(const Ss&... names) const {
    return drop(std::vector<std::string>{std::string(names)...});
  }
  DataFrame alias(const std::string& alias) const;
  DataFrame as(const std::string& alias) const { return this->alias(alias); }

  // ---- Aggregation ---------------------------------------------------------------------
  GroupedData groupBy(const std::vector<ColumnOrName>& columns) const;
  template <typename... Cs>
  GroupedData groupBy(const Cs&... columns) const;
  // groupBy().agg(...): one row over all input rows.
  DataFrame agg(const std::vector<Column>& aggregates) const;
  template <typename... Cs>
  DataFrame agg(const Column& first, const Cs&... rest) const {
    return agg(std::vector<Column>{first, Column(rest)...});
  }
  DataFrame distinct() const;
  // Keeps the first row of each distinct value of `columns` (all columns when empty).
  // On a stream the seen keys are state: bound it with withWatermark on an event-time
  // column included in `columns`.
  DataFrame dropDuplicates(const std::vector<std::string>& columns = {}) const;
  // Spark 3.5's dropDuplicatesWithinWatermark: duplicates are dropped while the
  // watermark has not passed the first row's event time plus the delay.
  DataFrame dropDuplicatesWithinWatermark(const std::vector<std::string>& columns = {}) const;
  // Declares `event_time` (a TIMESTAMP column) as event time with a lateness bound
  // ("10 seconds"); stateful operators then drop late rows and evict old state.
  DataFrame withWatermark(const std::string& event_time, const std::string& delay) const;

  // ---- Joins and unions ----------------------------------------------------------------
  // `how` is Spark's join type: inner, left/left_outer, right, full/outer, left_semi,
  // left_anti, cross.
  DataFrame join(const DataFrame& right, const Column& on, const std::string& how = "inner") const;
  // Join on equal columns of the same names (USING); the output has each once.
  DataFrame join(const DataFrame& right, const std::vector<std::string>& using_columns,
                 const std::string& how = "inner") const;
  DataFrame join(const DataFrame& right, const char* using_column, const std::string& how = "inner") const;
  template <typename S>
    requires std::same_as<S, std::string>
  DataFrame join(const DataFrame& right, const S& using_column, const std::string& how = "inner") const {
    return join(right, using_column.c_str(), how);
  }
  DataFrame crossJoin(const DataFrame& right) const;
  // UNION ALL by position (Spark's union; `union` is a C++ keyword, so union_/unionAll).
  DataFrame unionAll(const DataFrame& other) const;
  DataFrame union_(const DataFrame& other) const { return unionAll(other); }
  // UNION ALL by column name. With `allow_missing_columns`, a column missing on one side
  // is NULL there; otherwise a missing column is an AnalysisException.
  DataFrame unionByName(const DataFrame& other, bool allow_missing_columns = false) const;

  // ---- Ordering, limits, partitioning --------------------------------------------------
  // Columns sort ascending unless given as col("x").desc(); names sort ascending.
  DataFrame orderBy(const std::vector<ColumnOrName>& columns) const;
  template <typename... Cs>
  DataFrame orderBy(const Cs&... columns) const {
    return orderBy(std::vector<ColumnOrName>{ColumnOrName(columns)...});
  }
  template <typename... Cs>
  DataFrame sort(const Cs&... columns) const {
    return orderBy(std::vector<ColumnOrName>{ColumnOrName(columns)...});
  }
  DataFrame sort(const std::vector<ColumnOrName>& columns) const { return orderBy(columns); }
  DataFrame limit(int64_t n) const;
  // Changes the number of partitions; the result is the same.
  DataFrame repartition(int64_t num_partitions) const;

  // ---- Schema and plans ----------------------------------------------------------------
  bool isStreaming() const;
  types::Schema schema() const;
  std::vector<std::string> columns() const;
  // (name, type) pairs in Spark's simpleString spelling: ("value", "bigint").
  std::vector<std::pair<std::string, std::string>> dtypes() const;
  // Prints Spark's schema tree:
  //   root
  //    |-- value: long (nullable = true)
  void printSchema() const;
  std::string schemaTreeString() const;
  // Prints the physical plan; with `extended` also the analyzed and optimized plans.
  void explain(bool extended = false) const;
  std::string explainString(bool extended = false) const;

  // ---- Running a static DataFrame ------------------------------------------------------
  // These run the query to completion; on a streaming DataFrame they throw
  // AnalysisException ("Queries with streaming sources must be executed with
  // writeStream.start()").
  std::vector<types::Row> collect() const;
  Result<std::vector<types::Row>> tryCollect() const;
  std::vector<types::Row> take(int64_t n) const;
  int64_t count() const;
  // Prints the first `n` rows as Spark's show() does (the console sink's table).
  // `truncate` true cuts cells to 20 characters; an int gives the width.
  void show(int n = 20, bool truncate = true) const;
  void show(int n, int truncate) const;
  std::string showString(int n = 20, int truncate = 20) const;

  // ---- Streaming -----------------------------------------------------------------------
  DataStreamWriter writeStream() const;

  // ---- For sluice's own layers ---------------------------------------------------------
  // Wraps a logical plan, analyzing it against the session's catalog (the error of a
  // failed analysis is returned, nothing is thrown).
  static Result<DataFrame> FromPlan(std::shared_ptr<Session> session, std::shared_ptr<const plan::LogicalPlan> plan);
  const std::shared_ptr<Session>& session() const { return session_; }
  const std::shared_ptr<const plan::LogicalPlan>& logical_plan() const { return plan_; }
  const std::shared_ptr<const plan::PlanNode>& analyzed_plan() const { return analyzed_; }

 private:
  DataFrame(std::shared_ptr<Session> session, std::shared_ptr<const plan::LogicalPlan> plan,
            std::shared_ptr<const plan::PlanNode> analyzed);
  // Analyzes `plan` in this DataFrame's session; throws on failure.
  DataFrame Derive(std::shared_ptr<const plan::LogicalPlan> plan) const;
  Result<std::vector<types::BatchPtr>> Run(std::shared_ptr<const plan::LogicalPlan> plan, types::SchemaPtr* schema) const;

  std::shared_ptr<Session> session_;
  std::shared_ptr<const plan::LogicalPlan> plan_;
  std::shared_ptr<const plan::PlanNode> analyzed_;
};

// The result of DataFrame::groupBy (Spark's RelationalGroupedDataset): aggregate it
// with agg() or a shortcut. The output has the grouping columns, then the aggregates.
// On a stream, the aggregation keeps state per group: in append mode it needs a
// watermark on an event-time window key; update and complete modes emit changed / all
// groups each batch.
class GroupedData {
 public:
  // agg(count("*").alias("n"), sum("value")).
  DataFrame agg(const std::vector<Column>& aggregates) const;
  template <typename... Cs>
  DataFrame agg(const Column& first, const Cs&... rest) const {
    return agg(std::vector<Column>{first, Column(rest)...});
  }
  // The number of rows per group, in a column named "count".
  DataFrame count() const;
  // sum/avg/mean/min/max of the named columns ("sum(x)", "avg(x)", ...). With no names,
  // of every numeric column, as Spark does.
  DataFrame sum(const std::vector<std::string>& names) const;
  DataFrame avg(const std::vector<std::string>& names) const;
  DataFrame mean(const std::vector<std::string>& names) const { return avg(names); }
  DataFrame min(const std::vector<std::string>& names) const;
  DataFrame max(const std::vector<std::string>& names) const;
  template <typename... Ss>
  DataFrame sum(const Ss&... names) const {
    return sum(std::vector<std::string>{std::string(names)...});
  }
  template <typename... Ss>
  DataFrame avg(const Ss&... names) const {
    return avg(std::vector<std::string>{std::string(names)...});
  }
  template <typename... Ss>
  DataFrame mean(const Ss&... names) const {
    return avg(std::vector<std::string>{std::string(names)...});
  }
  template <typename... Ss>
  DataFrame min(const Ss&... names) const {
    return min(std::vector<std::string>{std::string(names)...});
  }
  template <typename... Ss>
  DataFrame max(const Ss&... names) const {
    return max(std::vector<std::string>{std::string(names)...});
  }

 private:
  friend class DataFrame;
  GroupedData(DataFrame df, std::vector<Column> keys) : df_(std::move(df)), keys_(std::move(keys)) {}
  // Applies `function` to each named column (every numeric column when none).
  DataFrame Shortcut(const char* function, const std::vector<std::string>& names) const;

  DataFrame df_;
  std::vector<Column> keys_;
};

template <typename... Cs>
GroupedData DataFrame::groupBy(const Cs&... columns) const {
  return groupBy(std::vector<ColumnOrName>{ColumnOrName(columns)...});
}

}  // namespace sluice
