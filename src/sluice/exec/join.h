#pragma once

#include "sluice/exec/group_table.h"
#include "sluice/exec/operator.h"
#include "sluice/plan/plan_node.h"

namespace sluice::exec {

// Stream-static equi-join (Spark's broadcast hash join for a stream and a static
// table): the static side is hashed once; each micro-batch of the stream probes it.
// Supports inner, left outer (stream on the left), right outer (stream on the right),
// left semi and left anti (stream on the left), and an optional residual condition.
class StreamStaticJoinOperator : public Operator {
 public:
  explicit StreamStaticJoinOperator(const plan::PlanNode& node);
  Result<PartitionedData> Execute(BatchContext& ctx) override;

 private:
  Status BuildStaticSide(BatchContext& ctx);
  Result<types::BatchPtr> Probe(const types::BatchPtr& stream_batch, expr::EvalContext& eval) const;

  sql::JoinType join_type_;
  std::vector<expr::ExprPtr> left_keys_, right_keys_;
  expr::ExprPtr residual_;
  types::SchemaPtr output_schema_;
  types::SchemaPtr left_schema_, right_schema_;
  bool stream_is_left_ = true;
  bool built_ = false;
  types::BatchPtr static_rows_;
  std::unique_ptr<GroupTable> table_;
  std::vector<std::vector<int32_t>> rows_by_group_;
};

}  // namespace sluice::exec
