#include "sluice/plan/plan_node.h"

#include <functional>

#include "sluice/common/time.h"

namespace sluice::plan {

types::SchemaPtr PlanNode::OutputSchema() const {
  std::vector<types::StructField> fields;
  for (const auto& a : output) fields.push_back({a.name, a.type, a.nullable});
  return std::make_shared<types::Schema>(std::move(fields));
}

PlanPtr MakeProject(PlanPtr child, std::vector<expr::ExprPtr> exprs, std::vector<Attribute> output) {
  auto n = std::make_shared<PlanNode>();
  n->kind = NodeKind::kProject;
  n->streaming = child->streaming;
  n->children.push_back(std::move(child));
  n->exprs = std::move(exprs);
  n->output = std::move(output);
  return n;
}

PlanPtr MakeFilter(PlanPtr child, expr::ExprPtr predicate) {
  auto n = std::make_shared<PlanNode>();
  n->kind = NodeKind::kFilter;
  n->streaming = child->streaming;
  n->output = child->output;
  n->children.push_back(std::move(child));
  n->predicate = std::move(predicate);
  return n;
}

namespace {
std::string JoinTypeName(sql::JoinType t) {
  switch (t) {
    case sql::JoinType::kInner: return "Inner";
    case sql::JoinType::kLeftOuter: return "LeftOuter";
    case sql::JoinType::kRightOuter: return "RightOuter";
    case sql::JoinType::kFullOuter: return "FullOuter";
    case sql::JoinType::kLeftSemi: return "LeftSemi";
    case sql::JoinType::kLeftAnti: return "LeftAnti";
    case sql::JoinType::kCross: return "Cross";
  }
  return "?";
}

std::string List(const std::vector<expr::ExprPtr>& exprs) {
  std::string out;
  for (size_t i = 0; i < exprs.size(); ++i) out += (i ? ", " : "") + exprs[i]->ToString();
  return out;
}
}  // namespace

std::string PlanNode::ToString() const {
  switch (kind) {
    case NodeKind::kScan: {
      std::string cols;
      for (size_t i = 0; i < output.size(); ++i) cols += (i ? ", " : "") + output[i].name + "#" + std::to_string(i);
      std::string what = relation->kind == RelationInfo::Kind::kStream
                             ? "StreamingRelation " + relation->name + " [" + relation->format + "]"
                             : "LocalRelation " + (relation->name.empty() ? std::string("<one row>") : relation->name);
      return what + " [" + cols + "]";
    }
    case NodeKind::kProject: {
      std::string cols;
      for (size_t i = 0; i < exprs.size(); ++i) {
        std::string e = exprs[i]->ToString();
        cols += (i ? ", " : "") + e;
        if (e.rfind(output[i].name + "#", 0) != 0) cols += " AS " + output[i].name;
      }
      return "Project [" + cols + "]";
    }
    case NodeKind::kFilter: return "Filter " + predicate->ToString();
    case NodeKind::kGenerate: return "Generate " + generator->ToString() + " AS " + output.back().name;
    case NodeKind::kAggregate: {
      std::string aggs;
      for (size_t i = 0; i < aggregates.size(); ++i) aggs += (i ? ", " : "") + aggregates[i].ToString();
      return "Aggregate [" + List(group_exprs) + "], [" + aggs + "]";
    }
    case NodeKind::kJoin: {
      std::string keys;
      for (size_t i = 0; i < left_keys.size(); ++i) {
        keys += (i ? " AND " : "") + ("(" + left_keys[i]->ToString() + " = " + right_keys[i]->ToString() + ")");
      }
      return "Join " + JoinTypeName(join_type) + (keys.empty() ? "" : ", " + keys) +
             (residual ? ", " + residual->ToString() : "");
    }
    case NodeKind::kUnion: return "Union";
    case NodeKind::kSort: {
      std::string keys;
      for (size_t i = 0; i < sort_keys.size(); ++i) {
        keys += (i ? ", " : "") + sort_keys[i].expr->ToString() + (sort_keys[i].ascending ? " ASC" : " DESC") +
                (sort_keys[i].nulls_first ? " NULLS FIRST" : " NULLS LAST");
      }
      return "Sort [" + keys + "]";
    }
    case NodeKind::kLimit: return "Limit " + std::to_string(limit);
    case NodeKind::kWatermark:
      return "EventTimeWatermark " + output[event_time_column].name + "#" + std::to_string(event_time_column) + ": " +
             FormatIntervalMicros(delay_micros);
    case NodeKind::kDeduplicate: {
      std::string keys;
      for (size_t i = 0; i < key_columns.size(); ++i) keys += (i ? ", " : "") + output[key_columns[i]].name;
      return std::string(within_watermark ? "DeduplicateWithinWatermark" : "Deduplicate") + " [" + keys + "]";
    }
    case NodeKind::kRepartition: return "Repartition " + std::to_string(limit);
  }
  return "?";
}

std::string PlanNode::TreeString() const {
  std::string out;
  std::function<void(const PlanNode&, int)> walk = [&](const PlanNode& n, int depth) {
    out += std::string(depth == 0 ? 0 : (depth - 1) * 3, ' ') + (depth == 0 ? "" : "+- ") + n.ToString() + "\n";
    for (const auto& c : n.children) walk(*c, depth + 1);
  };
  walk(*this, 0);
  return out;
}

}  // namespace sluice::plan
