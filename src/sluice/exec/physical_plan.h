#pragma once

#include <memory>
#include <vector>

#include "sluice/exec/operator.h"
#include "sluice/plan/plan_node.h"

namespace sluice::exec {

// The operators of a query plus what the runtime needs to feed them.
struct PhysicalPlan {
  OperatorPtr root;
  // Streaming sources by index (BatchContext::source_data order).
  std::vector<std::shared_ptr<const plan::RelationInfo>> sources;
  // Delay of each watermark operator, by watermark index.
  std::vector<int64_t> watermark_delays;
  types::SchemaPtr output_schema;
  int num_stateful_operators = 0;
};

// Turns a resolved, optimized plan into operators (the one place where plan nodes
// become operators). `num_partitions` is spark.sql.shuffle.partitions.
Result<PhysicalPlan> BuildPhysicalPlan(const plan::PlanPtr& plan, int num_partitions);

}  // namespace sluice::exec
