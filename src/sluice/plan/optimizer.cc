#include "sluice/plan/optimizer.h"

#include "sluice/expr/function_registry.h"

namespace sluice::plan {

Result<expr::ExprPtr> FoldConstants(const expr::ExprPtr& e, expr::EvalContext& ctx) {
  if (!e || e->kind() == expr::ExprKind::kLiteral || e->kind() == expr::ExprKind::kColumnRef ||
      e->kind() == expr::ExprKind::kGenerator) {
    return e;
  }
  if (e->IsFoldable()) {
    expr::EvalContext local = ctx;
    local.error = Status::OK();
    auto v = expr::EvaluateConstant(*e, local);
    // A constant that fails (e.g. 1/0 under ANSI) is left for run time, where the error
    // is reported with the batch that triggers it, as Spark does.
    if (v.ok() && local.error.ok()) return expr::MakeLiteral(*v, e->type());
    return e;
  }
  std::vector<expr::ExprPtr> children;
  bool changed = false;
  for (const auto& c : e->children()) {
    SLUICE_ASSIGN_OR_RETURN(expr::ExprPtr f, FoldConstants(c, ctx));
    changed = changed || f != c;
    children.push_back(f);
  }
  return changed ? e->WithChildren(std::move(children)) : e;
}

expr::ExprPtr SubstituteColumns(const expr::ExprPtr& e, const std::vector<expr::ExprPtr>& replacements) {
  int idx = expr::ColumnRefIndex(*e);
  if (idx >= 0) return replacements[idx];
  if (e->children().empty()) return e;
  std::vector<expr::ExprPtr> children;
  bool changed = false;
  for (const auto& c : e->children()) {
    auto s = SubstituteColumns(c, replacements);
    changed = changed || s != c;
    children.push_back(s);
  }
  return changed ? e->WithChildren(std::move(children)) : e;
}

namespace {

void CollectColumnRefs(const expr::Expr& e, std::vector<int>* counts) {
  int idx = expr::ColumnRefIndex(e);
  if (idx >= 0) {
    if (idx < static_cast<int>(counts->size())) (*counts)[idx]++;
    return;
  }
  for (const auto& c : e.children()) CollectColumnRefs(*c, counts);
}

bool AllDeterministic(const std::vector<expr::ExprPtr>& exprs) {
  for (const auto& e : exprs) {
    if (!e->IsDeterministic()) return false;
  }
  return true;
}

bool IsTrueLiteral(const expr::Expr& e) {
  const types::Value* v = expr::LiteralValue(e);
  return v && v->is_bool() && v->bool_value();
}

Result<PlanPtr> Rewrite(const PlanPtr& plan, expr::EvalContext& ctx) {
  std::vector<PlanPtr> children;
  for (const auto& c : plan->children) {
    SLUICE_ASSIGN_OR_RETURN(PlanPtr r, Rewrite(c, ctx));
    children.push_back(r);
  }
  auto node = std::make_shared<PlanNode>(*plan);
  node->children = children;

  switch (node->kind) {
    case NodeKind::kProject: {
      for (auto& e : node->exprs) {
        SLUICE_ASSIGN_OR_RETURN(e, FoldConstants(e, ctx));
      }
      const PlanPtr& child = node->children[0];
      // Project over Project: inline the inner expressions when that duplicates no work.
      if (child->kind == NodeKind::kProject && AllDeterministic(child->exprs)) {
        std::vector<int> uses(child->exprs.size(), 0);
        for (const auto& e : node->exprs) CollectColumnRefs(*e, &uses);
        bool cheap = true;
        for (size_t i = 0; i < uses.size(); ++i) {
          bool trivial = child->exprs[i]->kind() == expr::ExprKind::kColumnRef ||
                         child->exprs[i]->kind() == expr::ExprKind::kLiteral;
          if (uses[i] > 1 && !trivial) cheap = false;
        }
        if (cheap) {
          for (auto& e : node->exprs) e = SubstituteColumns(e, child->exprs);
          node->children = child->children;
        }
      }
      // A projection that passes its input through unchanged is dropped.
      const PlanPtr& input = node->children[0];
      if (node->exprs.size() == input->output.size()) {
        bool identity = true;
        for (size_t i = 0; i < node->exprs.size() && identity; ++i) {
          identity = expr::ColumnRefIndex(*node->exprs[i]) == static_cast<int>(i) &&
                     node->output[i].name == input->output[i].name &&
                     node->output[i].watermark_delay_micros == input->output[i].watermark_delay_micros;
        }
        if (identity) {
          auto same = std::make_shared<PlanNode>(*input);
          same->output = node->output;
          return PlanPtr(same);
        }
      }
      return PlanPtr(node);
    }
    case NodeKind::kFilter: {
      SLUICE_ASSIGN_OR_RETURN(node->predicate, FoldConstants(node->predicate, ctx));
      if (IsTrueLiteral(*node->predicate)) return node->children[0];
      const PlanPtr& child = node->children[0];
      if (!node->predicate->IsDeterministic()) return PlanPtr(node);
      // Filter over Filter: one conjunction.
      if (child->kind == NodeKind::kFilter) {
        SLUICE_ASSIGN_OR_RETURN(expr::ExprPtr both,
                                expr::BindBinaryOperator("AND", child->predicate, node->predicate, "AND"));
        return Rewrite(MakeFilter(child->children[0], both), ctx);
      }
      // Filter over Project: evaluate the filter first when the project is deterministic.
      if (child->kind == NodeKind::kProject && AllDeterministic(child->exprs)) {
        std::vector<int> uses(child->exprs.size(), 0);
        CollectColumnRefs(*node->predicate, &uses);
        bool only_columns = true;
        for (size_t i = 0; i < uses.size(); ++i) {
          if (uses[i] > 0 && child->exprs[i]->kind() != expr::ExprKind::kColumnRef) only_columns = false;
        }
        if (only_columns) {
          expr::ExprPtr pushed = SubstituteColumns(node->predicate, child->exprs);
          SLUICE_ASSIGN_OR_RETURN(PlanPtr below, Rewrite(MakeFilter(child->children[0], pushed), ctx));
          auto project = std::make_shared<PlanNode>(*child);
          project->children = {below};
          return PlanPtr(project);
        }
      }
      // Filter over Union: filter each input.
      if (child->kind == NodeKind::kUnion) {
        auto u = std::make_shared<PlanNode>(*child);
        u->children.clear();
        for (const auto& c : child->children) {
          SLUICE_ASSIGN_OR_RETURN(PlanPtr f, Rewrite(MakeFilter(c, node->predicate), ctx));
          u->children.push_back(f);
        }
        return PlanPtr(u);
      }
      return PlanPtr(node);
    }
    default: return PlanPtr(node);
  }
}

}  // namespace

Result<PlanPtr> Optimize(const PlanPtr& plan, expr::EvalContext& ctx) { return Rewrite(plan, ctx); }

}  // namespace sluice::plan
