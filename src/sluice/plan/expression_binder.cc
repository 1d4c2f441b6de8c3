#include "sluice/plan/expression_binder.h"

#include "sluice/common/strings.h"
#include <algorithm>
#include <cctype>

namespace sluice::plan {

namespace {

bool IEquals(const std::string& a, const std::string& b) { return AsciiLower(a) == AsciiLower(b); }

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (std::tolower(a[i - 1]) == std::tolower(b[j - 1]) ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string Quote(const std::string& name) { return "`" + name + "`"; }

std::string AttributeSql(const Attribute& a) {
  return a.qualifier.empty() ? Quote(a.name) : Quote(a.qualifier) + "." + Quote(a.name);
}

}  // namespace

std::string PositionSuffix(sql::Position pos) {
  if (pos.line <= 0) return "";
  return " (line " + std::to_string(pos.line) + ", column " + std::to_string(pos.column) + ")";
}

std::vector<std::string> ClosestNames(const std::string& name, const std::vector<std::string>& candidates, size_t max) {
  std::vector<std::pair<size_t, std::string>> scored;
  for (const auto& c : candidates) scored.push_back({EditDistance(name, c), c});
  std::stable_sort(scored.begin(), scored.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> out;
  for (const auto& [d, c] : scored) {
    if (out.size() >= max) break;
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  }
  return out;
}

Result<int> ExpressionBinder::ResolveColumnIndex(const std::vector<std::string>& parts,
                                                 const std::vector<Attribute>& scope, sql::Position pos) const {
  std::vector<int> matches;
  for (size_t i = 0; i < scope.size(); ++i) {
    if (parts.size() == 1 && IEquals(scope[i].name, parts[0])) matches.push_back(static_cast<int>(i));
    if (parts.size() == 2 && IEquals(scope[i].qualifier, parts[0]) && IEquals(scope[i].name, parts[1]))
      matches.push_back(static_cast<int>(i));
  }
  if (matches.size() == 1) return matches[0];
  std::string full;
  for (size_t i = 0; i < parts.size(); ++i) full += (i ? "." : "") + Quote(parts[i]);
  if (matches.size() > 1) {
    std::string list;
    for (size_t i = 0; i < matches.size(); ++i) list += (i ? ", " : "") + AttributeSql(scope[matches[i]]);
    return Status::AnalysisError("[AMBIGUOUS_REFERENCE] Reference " + full + " is ambiguous, could be: [" + list + "]." +
                                 PositionSuffix(pos));
  }
  std::vector<std::string> names;
  for (const auto& a : scope) names.push_back(a.qualifier.empty() ? a.name : a.qualifier + "." + a.name);
  std::string wanted;
  for (size_t i = 0; i < parts.size(); ++i) wanted += (i ? "." : "") + parts[i];
  auto close = ClosestNames(wanted, names, 5);
  std::string list;
  for (size_t i = 0; i < close.size(); ++i) {
    // Spark quotes each part of a suggestion separately.
    std::string q;
    size_t dot = close[i].find('.');
    q = dot == std::string::npos ? Quote(close[i]) : Quote(close[i].substr(0, dot)) + "." + Quote(close[i].substr(dot + 1));
    list += (i ? ", " : "") + q;
  }
  if (close.empty()) {
    return Status::AnalysisError("[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION] A column, variable, or function parameter with name " +
                                 full + " cannot be resolved." + PositionSuffix(pos));
  }
  return Status::AnalysisError("[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name " +
                               full + " cannot be resolved. Did you mean one of the following? [" + list + "]." +
                               PositionSuffix(pos));
}

Result<expr::ExprPtr> ExpressionBinder::Bind(const sql::Expr& e, const std::vector<Attribute>& scope) const {
  return BindImpl(e, scope, nullptr);
}

Result<expr::ExprPtr> ExpressionBinder::BindAggregateOutput(const sql::Expr& e, AggregateScope& agg) const {
  return BindImpl(e, *agg.input, &agg);
}

Result<expr::ExprPtr> ExpressionBinder::BindColumn(const sql::Expr& e, const std::vector<Attribute>& scope,
                                                   AggregateScope* agg) const {
  const auto& parts = e.parts;
  const std::vector<Attribute>& visible = agg ? agg->keys : scope;
  // Try the longest prefix that names a column; the remaining parts are struct fields.
  for (size_t take = std::min<size_t>(2, parts.size()); take >= 1; --take) {
    std::vector<std::string> head(parts.begin(), parts.begin() + take);
    auto idx = ResolveColumnIndex(head, visible, e.pos);
    if (!idx.ok()) {
      if (idx.status().message().find("AMBIGUOUS") != std::string::npos) return idx.status();
      continue;
    }
    expr::ExprPtr out = expr::MakeColumnRef(*idx, visible[*idx].type, visible[*idx].name);
    for (size_t i = take; i < parts.size(); ++i) {
      SLUICE_ASSIGN_OR_RETURN(out, expr::BindGetField(out, parts[i], e.ToString()));
    }
    return out;
  }
  if (agg) {
    // Known in the input but not grouped: Spark's MISSING_AGGREGATION.
    for (size_t take = std::min<size_t>(2, parts.size()); take >= 1; --take) {
      std::vector<std::string> head(parts.begin(), parts.begin() + take);
      if (ResolveColumnIndex(head, scope, e.pos).ok()) {
        return Status::AnalysisError("[MISSING_AGGREGATION] The non-aggregating expression \"" + e.ToString() +
                                     "\" is based on columns which are not participating in the GROUP BY clause. "
                                     "Add the columns or the expression to the GROUP BY, aggregate the expression, or "
                                     "use \"any_value(" + e.ToString() + ")\" if you do not care which of the values "
                                     "within a group is returned." + PositionSuffix(e.pos));
      }
    }
    // A select-list alias (HAVING count > 1).
    if (parts.size() == 1) {
      for (const auto& item : agg->select_items) {
        if (!item.alias.empty() && IEquals(item.alias, parts[0]) &&
            !(item.expr->kind == sql::ExprKind::kColumnRef && IEquals(item.expr->parts.back(), parts[0]))) {
          return BindImpl(*item.expr, scope, agg);
        }
      }
    }
  }
  return ResolveColumnIndex(parts, agg ? agg->keys : scope, e.pos).status();
}

Result<expr::ExprPtr> ExpressionBinder::BindFunction(const sql::Expr& e, const std::vector<Attribute>& scope,
                                                     AggregateScope* agg) const {
  const expr::FunctionEntry* entry = expr::FindFunction(e.name);
  if (entry == nullptr) {
    auto close = expr::SuggestFunctions(e.name, 3);
    std::string hint;
    for (size_t i = 0; i < close.size(); ++i) hint += (i ? ", " : "") + Quote(close[i]);
    return Status::AnalysisError("[UNRESOLVED_ROUTINE] Cannot resolve routine " + Quote(e.name) +
                                 " on search path [`system`.`builtin`, `system`.`session`]." +
                                 (hint.empty() ? "" : " Did you mean one of: " + hint + "?") + PositionSuffix(e.pos));
  }
  std::string sql_text = e.ToString();
  if (entry->kind == expr::FunctionKind::kAggregate) {
    if (agg == nullptr) {
      return Status::AnalysisError("[UNSUPPORTED_EXPR_FOR_OPERATOR] Aggregate function " + sql_text +
                                   " is not allowed here; aggregates may appear in the SELECT list, HAVING and ORDER BY "
                                   "of an aggregation." + PositionSuffix(e.pos));
    }
    std::vector<expr::ExprPtr> args;
    for (const auto& c : e.children) {
      // Arguments are evaluated over the aggregation's input; a nested aggregate is an error.
      auto bound = BindImpl(*c, *agg->input, nullptr);
      if (!bound.ok()) {
        if (bound.status().message().find("Aggregate function") != std::string::npos) {
          return Status::AnalysisError("[NESTED_AGGREGATE_FUNCTION] It is not allowed to use an aggregate function in "
                                       "the argument of another aggregate function." + PositionSuffix(e.pos));
        }
        return bound.status();
      }
      args.push_back(*bound);
    }
    SLUICE_ASSIGN_OR_RETURN(expr::AggregateCall call, entry->aggregate(std::move(args), e.distinct, sql_text));
    std::string key = call.ToString();
    size_t num_keys = agg->keys.size();
    for (size_t i = 0; i < agg->aggregates.size(); ++i) {
      const expr::AggregateCall& other = agg->aggregates[i];
      if (other.ToString() == key && other.distinct == call.distinct && other.hidden_params == call.hidden_params) {
        return expr::MakeColumnRef(static_cast<int>(num_keys + i), call.result_type, key);
      }
    }
    agg->aggregates.push_back(call);
    return expr::MakeColumnRef(static_cast<int>(num_keys + agg->aggregates.size() - 1), call.result_type, key);
  }
  if (entry->kind == expr::FunctionKind::kGenerator) {
    return Status::AnalysisError("[UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS] The generator is not supported: nested in "
                                 "expressions \"" + sql_text + "\"; a generator must be a whole SELECT item." +
                                 PositionSuffix(e.pos));
  }
  std::vector<expr::ExprPtr> args;
  for (const auto& c : e.children) {
    SLUICE_ASSIGN_OR_RETURN(expr::ExprPtr a, BindImpl(*c, scope, agg));
    args.push_back(a);
  }
  auto bound = entry->scalar(std::move(args), sql_text);
  if (!bound.ok() && bound.status().code() == StatusCode::kAnalysisError) {
    return Status::AnalysisError(bound.status().message() + PositionSuffix(e.pos));
  }
  return bound;
}

Result<expr::ExprPtr> ExpressionBinder::BindImpl(const sql::Expr& e, const std::vector<Attribute>& scope,
                                                 AggregateScope* agg) const {
  if (agg && !agg->group_exprs.empty() && e.kind != sql::ExprKind::kLiteral) {
    // A sub-expression equal to a grouping expression refers to the key column.
    auto plain = BindImpl(e, *agg->input, nullptr);
    if (plain.ok()) {
      std::string text = (*plain)->ToString();
      for (size_t i = 0; i < agg->group_exprs.size(); ++i) {
        if (agg->group_exprs[i]->ToString() == text) {
          return expr::MakeColumnRef(static_cast<int>(i), agg->keys[i].type, agg->keys[i].name);
        }
      }
    }
  }
  std::string sql_text = e.ToString();
  auto bind_children = [&](std::vector<expr::ExprPtr>* out) -> Status {
    for (const auto& c : e.children) {
      if (!c) {
        out->push_back(nullptr);
        continue;
      }
      SLUICE_ASSIGN_OR_RETURN(expr::ExprPtr b, BindImpl(*c, scope, agg));
      out->push_back(b);
    }
    return Status::OK();
  };
  auto at = [&](Result<expr::ExprPtr> r) -> Result<expr::ExprPtr> {
    if (!r.ok() && r.status().code() == StatusCode::kAnalysisError &&
        r.status().message().find("(line ") == std::string::npos) {
      return Status::AnalysisError(r.status().message() + PositionSuffix(e.pos));
    }
    return r;
  };
  switch (e.kind) {
    case sql::ExprKind::kColumnRef: return BindColumn(e, scope, agg);
    case sql::ExprKind::kStar:
      return Status::AnalysisError("'*' is only allowed as a whole SELECT item or in count(*)" + PositionSuffix(e.pos));
    case sql::ExprKind::kLiteral: return expr::MakeLiteral(e.value, e.literal_type ? e.literal_type : types::DataType::Null());
    case sql::ExprKind::kInterval:
      return Status::AnalysisError("an INTERVAL literal can only be added to or subtracted from a timestamp" +
                                   PositionSuffix(e.pos));
    case sql::ExprKind::kFunction: return BindFunction(e, scope, agg);
    case sql::ExprKind::kUnary: {
      std::vector<expr::ExprPtr> c;
      SLUICE_RETURN_IF_ERROR(bind_children(&c));
      return at(expr::BindUnaryOperator(e.op, c[0], sql_text));
    }
    case sql::ExprKind::kBinary: {
      // timestamp +/- INTERVAL: shift the microseconds.
      if ((e.op == "+" || e.op == "-") && e.children[1]->kind == sql::ExprKind::kInterval) {
        SLUICE_ASSIGN_OR_RETURN(expr::ExprPtr ts, BindImpl(*e.children[0], scope, agg));
        int64_t delta = e.children[1]->interval_micros * (e.op == "-" ? -1 : 1);
        const expr::FunctionEntry* to_micros = expr::FindFunction("unix_micros");
        const expr::FunctionEntry* from_micros = expr::FindFunction("timestamp_micros");
        if (!to_micros || !from_micros) return Status::NotSupported("timestamp arithmetic is not available");
        SLUICE_ASSIGN_OR_RETURN(expr::ExprPtr ts_cast, expr::ImplicitCast(ts, types::DataType::Timestamp()));
        SLUICE_ASSIGN_OR_RETURN(expr::ExprPtr micros, to_micros->scalar({ts_cast}, sql_text));
        SLUICE_ASSIGN_OR_RETURN(
            expr::ExprPtr shifted,
            expr::BindBinaryOperator("+", micros, expr::MakeLiteral(types::Value::Int(delta), types::DataType::Bigint()),
                                     sql_text));
        return at(from_micros->scalar({shifted}, sql_text));
      }
      std::vector<expr::ExprPtr> c;
      SLUICE_RETURN_IF_ERROR(bind_children(&c));
      return at(expr::BindBinaryOperator(e.op, c[0], c[1], sql_text));
    }
    case sql::ExprKind::kIsNull: {
      std::vector<expr::ExprPtr> c;
      SLUICE_RETURN_IF_ERROR(bind_children(&c));
      return at(expr::BindIsNull(c[0], e.negated));
    }
    case sql::ExprKind::kIn: {
      std::vector<expr::ExprPtr> c;
      SLUICE_RETURN_IF_ERROR(bind_children(&c));
      expr::ExprPtr value = c[0];
      c.erase(c.begin());
      return at(expr::BindIn(value, std::move(c), e.negated, sql_text));
    }
    case sql::ExprKind::kBetween: {
      std::vector<expr::ExprPtr> c;
      SLUICE_RETURN_IF_ERROR(bind_children(&c));
      return at(expr::BindBetween(c[0], c[1], c[2], e.negated, sql_text));
    }
    case sql::ExprKind::kLike: {
      std::vector<expr::ExprPtr> c;
      SLUICE_RETURN_IF_ERROR(bind_children(&c));
      return at(expr::BindLike(e.op, c[0], c[1], e.negated, sql_text));
    }
    case sql::ExprKind::kCase: {
      std::vector<expr::ExprPtr> c;
      SLUICE_RETURN_IF_ERROR(bind_children(&c));
      size_t i = 0;
      expr::ExprPtr operand = e.has_operand ? c[i++] : nullptr;
      expr::ExprPtr else_value = e.has_else ? c.back() : nullptr;
      std::vector<expr::ExprPtr> branches(c.begin() + i, c.end() - (e.has_else ? 1 : 0));
      return at(expr::BindCase(operand, std::move(branches), else_value, sql_text));
    }
    case sql::ExprKind::kCast: {
      std::vector<expr::ExprPtr> c;
      SLUICE_RETURN_IF_ERROR(bind_children(&c));
      return at(expr::MakeCast(c[0], e.cast_type, e.op == "TRY_CAST"));
    }
    case sql::ExprKind::kSubscript: {
      std::vector<expr::ExprPtr> c;
      SLUICE_RETURN_IF_ERROR(bind_children(&c));
      return at(expr::BindSubscript(c[0], c[1], sql_text));
    }
    case sql::ExprKind::kField: {
      std::vector<expr::ExprPtr> c;
      SLUICE_RETURN_IF_ERROR(bind_children(&c));
      return at(expr::BindGetField(c[0], e.name, sql_text));
    }
    case sql::ExprKind::kLambda: return Status::NotSupported("lambda functions are not supported" + PositionSuffix(e.pos));
    case sql::ExprKind::kWindow:
      // The analyzer reports window functions per plan node before binding
      // (plan/row_number_dedup.h); this is the fallback for other callers.
      return Status::NotSupported("window functions (" + e.ToString() + ") are not supported here" +
                                  PositionSuffix(e.pos));
  }
  return Status::Internal("unknown expression kind");
}

}  // namespace sluice::plan
