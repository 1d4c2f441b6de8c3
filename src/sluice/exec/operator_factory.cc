#include "sluice/exec/aggregate.h"
#include "sluice/exec/basic_operators.h"
#include "sluice/exec/deduplicate.h"
#include "sluice/exec/join.h"
#include "sluice/exec/physical_plan.h"
#include "sluice/exec/session_window_aggregate.h"
#include "sluice/expr/functions/window_functions.h"

namespace sluice::exec {

namespace {

bool ReferencesColumn(const expr::Expr& e, int column) {
  if (expr::ColumnRefIndex(e) == column) return true;
  for (const auto& c : e.children()) {
    if (c && ReferencesColumn(*c, column)) return true;
  }
  return false;
}

// The Generate node below `aggregate` when it appends a tumbling or sliding window()
// that the aggregation uses only as a grouping key: the aggregation then generates
// the windows itself (exec/aggregate.h). nullptr otherwise, and also when an
// expression is nondeterministic (rand(), monotonically_increasing_id() depend on how
// the rows are split into batches, which the aggregation changes).
const plan::PlanNode* FusableWindowGenerate(const plan::PlanNode& aggregate) {
  if (aggregate.session_window_key >= 0 || aggregate.children.size() != 1) return nullptr;
  const plan::PlanNode& generate = *aggregate.children[0];
  if (generate.kind != plan::NodeKind::kGenerate || generate.children.size() != 1) return nullptr;
  const auto* window = dynamic_cast<const expr::TimeWindowExpr*>(generate.generator.get());
  if (window == nullptr || window->is_session() || !window->IsDeterministic()) return nullptr;
  const int column = static_cast<int>(generate.output.size()) - 1;
  bool grouped_by_window = false;
  for (const auto& g : aggregate.group_exprs) {
    if (!g->IsDeterministic()) return nullptr;
    if (expr::ColumnRefIndex(*g) == column) {
      grouped_by_window = true;
    } else if (ReferencesColumn(*g, column)) {
      return nullptr;
    }
  }
  for (const auto& a : aggregate.aggregates) {
    for (const auto& arg : a.args) {
      if (!arg->IsDeterministic() || ReferencesColumn(*arg, column)) return nullptr;
    }
  }
  return grouped_by_window ? &generate : nullptr;
}

class Builder {
 public:
  Builder(PhysicalPlan* out, int num_partitions) : out_(out), num_partitions_(num_partitions) {}

  Result<OperatorPtr> Build(const plan::PlanNode& node) {
    if (node.kind == plan::NodeKind::kAggregate) {
      if (const plan::PlanNode* generate = FusableWindowGenerate(node)) {
        SLUICE_ASSIGN_OR_RETURN(OperatorPtr input, Build(*generate->children[0]));
        OperatorPtr op = std::make_unique<AggregateOperator>(node, out_->num_stateful_operators++,
                                                             node.streaming ? num_partitions_ : 1, node.streaming,
                                                             generate);
        op->AddChild(std::move(input));
        return op;
      }
    }
    std::vector<OperatorPtr> children;
    for (const auto& c : node.children) {
      SLUICE_ASSIGN_OR_RETURN(OperatorPtr child, Build(*c));
      children.push_back(std::move(child));
    }
    OperatorPtr op;
    switch (node.kind) {
      case plan::NodeKind::kScan: {
        int index = -1;
        if (node.relation->kind == plan::RelationInfo::Kind::kStream) {
          for (size_t i = 0; i < out_->sources.size(); ++i) {
            if (out_->sources[i] == node.relation) index = static_cast<int>(i);
          }
          if (index < 0) {
            index = static_cast<int>(out_->sources.size());
            out_->sources.push_back(node.relation);
          }
        }
        op = std::make_unique<ScanOperator>(node.relation, node.OutputSchema(), index);
        break;
      }
      case plan::NodeKind::kProject: op = std::make_unique<ProjectOperator>(node.exprs, node.OutputSchema()); break;
      case plan::NodeKind::kFilter: op = std::make_unique<FilterOperator>(node.predicate); break;
      case plan::NodeKind::kGenerate: op = std::make_unique<GenerateOperator>(node.generator, node.OutputSchema()); break;
      case plan::NodeKind::kAggregate:
        if (node.session_window_key >= 0) {  // [session windows] exec/session_window_aggregate.h
          op = std::make_unique<SessionWindowAggregateOperator>(node, out_->num_stateful_operators++,
                                                                node.streaming ? num_partitions_ : 1, node.streaming);
          break;
        }
        op = std::make_unique<AggregateOperator>(node, out_->num_stateful_operators++,
                                                 node.streaming ? num_partitions_ : 1, node.streaming);
        break;
      case plan::NodeKind::kJoin: op = std::make_unique<StreamStaticJoinOperator>(node); break;
      case plan::NodeKind::kUnion: op = std::make_unique<UnionOperator>(node.OutputSchema()); break;
      case plan::NodeKind::kSort: op = std::make_unique<SortOperator>(node.sort_keys, node.OutputSchema()); break;
      case plan::NodeKind::kLimit: op = std::make_unique<LimitOperator>(node.limit, node.OutputSchema()); break;
      case plan::NodeKind::kWatermark: {
        int index = static_cast<int>(out_->watermark_delays.size());
        out_->watermark_delays.push_back(node.delay_micros);
        op = std::make_unique<WatermarkOperator>(node.event_time_column, index);
        break;
      }
      case plan::NodeKind::kDeduplicate:
        op = std::make_unique<DeduplicateOperator>(node, out_->num_stateful_operators++, node.streaming);
        break;
      case plan::NodeKind::kRepartition: {
        // repartition(n) changes no result; rows keep flowing in their partitions.
        if (children.size() != 1) return Status::Internal("Repartition needs one child");
        return std::move(children[0]);
      }
    }
    for (auto& c : children) op->AddChild(std::move(c));
    return op;
  }

 private:
  PhysicalPlan* out_;
  int num_partitions_;
};

}  // namespace

Result<PhysicalPlan> BuildPhysicalPlan(const plan::PlanPtr& plan, int num_partitions) {
  PhysicalPlan out;
  Builder builder(&out, num_partitions);
  SLUICE_ASSIGN_OR_RETURN(out.root, builder.Build(*plan));
  out.output_schema = plan->OutputSchema();
  return out;
}

}  // namespace sluice::exec
