#pragma once

#include "sluice/exec/operator.h"
#include "sluice/plan/plan_node.h"

namespace sluice::exec {

// Reads a streaming source's rows for this batch (BatchContext::source_data) or a
// static table's rows.
class ScanOperator : public Operator {
 public:
  ScanOperator(std::shared_ptr<const plan::RelationInfo> relation, types::SchemaPtr schema, int source_index)
      : relation_(std::move(relation)), schema_(std::move(schema)), source_index_(source_index) {}
  Result<PartitionedData> Execute(BatchContext& ctx) override;
  int source_index() const { return source_index_; }

 private:
  std::shared_ptr<const plan::RelationInfo> relation_;
  types::SchemaPtr schema_;
  int source_index_;  // -1 for a static table
};

// Evaluates one expression per output column.
class ProjectOperator : public Operator {
 public:
  ProjectOperator(std::vector<expr::ExprPtr> exprs, types::SchemaPtr schema)
      : exprs_(std::move(exprs)), schema_(std::move(schema)) {}
  Result<PartitionedData> Execute(BatchContext& ctx) override;
  // Projects one batch (also used by other operators).
  static Result<types::BatchPtr> ProjectBatch(const std::vector<expr::ExprPtr>& exprs, const types::SchemaPtr& schema,
                                              const types::Batch& input, expr::EvalContext& eval);

 private:
  std::vector<expr::ExprPtr> exprs_;
  types::SchemaPtr schema_;
};

// Keeps rows whose predicate is TRUE (NULL and FALSE drop the row).
class FilterOperator : public Operator {
 public:
  explicit FilterOperator(expr::ExprPtr predicate) : predicate_(std::move(predicate)) {}
  Result<PartitionedData> Execute(BatchContext& ctx) override;
  static Result<types::BatchPtr> FilterBatch(const expr::Expr& predicate, const types::BatchPtr& input,
                                             expr::EvalContext& eval);

 private:
  expr::ExprPtr predicate_;
};

// explode(...): each input row repeated once per generated value, plus the value.
class GenerateOperator : public Operator {
 public:
  GenerateOperator(expr::ExprPtr generator, types::SchemaPtr schema)
      : generator_(std::move(generator)), schema_(std::move(schema)) {}
  Result<PartitionedData> Execute(BatchContext& ctx) override;
  // Generates one batch: `input`'s columns repeated per generated row, then the
  // generated column, under `schema` (also used by the aggregation that runs a
  // window's Generate itself, see AggregateOperator).
  static Result<types::BatchPtr> GenerateBatch(const expr::GeneratorExpr& generator, const types::SchemaPtr& schema,
                                               const types::Batch& input, expr::EvalContext& eval);

 private:
  expr::ExprPtr generator_;
  types::SchemaPtr schema_;
};

// Concatenates the partitions of all inputs.
class UnionOperator : public Operator {
 public:
  explicit UnionOperator(types::SchemaPtr schema) : schema_(std::move(schema)) {}
  Result<PartitionedData> Execute(BatchContext& ctx) override;

 private:
  types::SchemaPtr schema_;
};

// Sorts all rows of the batch into one partition (complete mode / batch queries).
class SortOperator : public Operator {
 public:
  SortOperator(std::vector<plan::SortKey> keys, types::SchemaPtr schema) : keys_(std::move(keys)), schema_(std::move(schema)) {}
  Result<PartitionedData> Execute(BatchContext& ctx) override;

 private:
  std::vector<plan::SortKey> keys_;
  types::SchemaPtr schema_;
};

// Keeps the first `limit` rows. In a streaming query in append mode the limit holds
// across batches (Spark's StreamingGlobalLimitExec); otherwise per result.
class LimitOperator : public Operator {
 public:
  LimitOperator(int64_t limit, types::SchemaPtr schema) : limit_(limit), schema_(std::move(schema)) {}
  Result<PartitionedData> Execute(BatchContext& ctx) override;
  Status Open(const StateContext& state) override;
  Status CommitState(int64_t version, ThreadPool* pool) override;

 private:
  int64_t limit_;
  types::SchemaPtr schema_;
  int64_t emitted_ = 0;        // rows emitted in earlier batches (append mode)
  int64_t pending_ = 0;        // rows emitted in the current batch
  std::string state_file_;
};

// Tracks event-time statistics of its input for the watermark; rows pass unchanged.
class WatermarkOperator : public Operator {
 public:
  WatermarkOperator(int column, int watermark_index) : column_(column), watermark_index_(watermark_index) {}
  Result<PartitionedData> Execute(BatchContext& ctx) override;

 private:
  int column_;
  int watermark_index_;
};

// Hash-partitions rows by key expressions into `num_partitions` partitions, keeping
// the order of rows within each output partition.
class ExchangeOperator : public Operator {
 public:
  ExchangeOperator(std::vector<expr::ExprPtr> keys, int num_partitions)
      : keys_(std::move(keys)), num_partitions_(num_partitions) {}
  Result<PartitionedData> Execute(BatchContext& ctx) override;
  // Splits one batch into num_partitions batches by the hash of `key_columns`.
  static std::vector<types::BatchPtr> Split(const types::BatchPtr& batch, const std::vector<types::ColumnPtr>& key_columns,
                                            int num_partitions);

 private:
  std::vector<expr::ExprPtr> keys_;
  int num_partitions_;
};

}  // namespace sluice::exec
