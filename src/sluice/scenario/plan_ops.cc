#include "sluice/scenario/plan_ops.h"

#include <string_view>
#include <vector>

#include "sluice/plan/plan_builder.h"
#include "sluice/sql/parser.h"

namespace sluice::scenario {

namespace {

constexpr std::string_view kOperations =
    "select, where, withColumn, withWatermark, dropDuplicates, dropDuplicatesWithinWatermark, groupBy + agg, "
    "join, union, withColumnRenamed, orderBy, limit, repartition";

Status ShapeError(const std::string& where, const std::string& what) {
  return Status::InvalidArgument(where + ": " + what);
}

bool IsStringList(const Json& v) {
  if (!v.is_array()) return false;
  for (const auto& s : v) {
    if (!s.is_string()) return false;
  }
  return true;
}

bool IsStringMap(const Json& v) {
  if (!v.is_object() || v.empty()) return false;
  for (const auto& [key, value] : v.items()) {
    if (!value.is_string()) return false;
  }
  return true;
}

std::vector<std::string> Strings(const Json& v) {
  std::vector<std::string> out;
  for (const auto& s : v) out.push_back(s.get<std::string>());
  return out;
}

Status CheckJoinShape(const Json& join, const std::string& where) {
  if (!join.is_object()) return ShapeError(where, "join must be an object with right and on (or using)");
  for (const auto& [key, value] : join.items()) {
    if (key != "right" && key != "on" && key != "using" && key != "how" && key != "left_alias" &&
        key != "right_alias") {
      return ShapeError(where, "unknown join key '" + key + "' (known: right, on, using, how, left_alias, right_alias)");
    }
  }
  if (!join.contains("right")) return ShapeError(where, "join needs a 'right' plan");
  if (join.contains("on") == join.contains("using")) {
    return ShapeError(where, "join needs exactly one of 'on' (an expression) or 'using' (a list of columns)");
  }
  if (join.contains("on") && (!join["on"].is_string() || join["on"].get<std::string>().empty())) {
    return ShapeError(where, "join 'on' must be a non-empty expression string");
  }
  if (join.contains("using") && (!IsStringList(join["using"]) || join["using"].empty())) {
    return ShapeError(where, "join 'using' must be a non-empty list of column names");
  }
  for (const char* key : {"how", "left_alias", "right_alias"}) {
    if (join.contains(key) && !join[key].is_string()) return ShapeError(where, std::string("join '") + key + "' must be a string");
  }
  return CheckPlanShape(join["right"], where + ".join.right");
}

Status CheckOperationShape(const Json& op, const std::string& where) {
  if (!op.is_object() || op.empty()) return ShapeError(where, "an operation must be a non-empty object");
  if (op.contains("groupBy") || op.contains("agg")) {
    if (op.size() != 2 || !op.contains("groupBy") || !op.contains("agg")) {
      return ShapeError(where, "groupBy and agg go together in one element: {\"groupBy\": [...], \"agg\": [...]}");
    }
    if (!IsStringList(op["groupBy"])) return ShapeError(where, "groupBy must be a list of expression strings");
    if (!IsStringList(op["agg"]) || op["agg"].empty()) {
      return ShapeError(where, "agg must be a non-empty list of expression strings");
    }
    return Status::OK();
  }
  if (op.size() != 1) return ShapeError(where, "one operation per element, got " + Json(op).dump());
  const std::string& key = op.begin().key();
  const Json& value = op.begin().value();
  if (key == "source") return ShapeError(where, "source is only allowed as the first element");
  if (key == "select" || key == "orderBy") {
    if (!IsStringList(value) || value.empty()) return ShapeError(where, key + " must be a non-empty list of expression strings");
  } else if (key == "where") {
    if (!value.is_string() || value.get<std::string>().empty()) return ShapeError(where, "where must be an expression string");
  } else if (key == "withColumn" || key == "withColumnRenamed") {
    if (!IsStringMap(value)) return ShapeError(where, key + " must map column names to strings");
  } else if (key == "withWatermark") {
    if (!value.is_object() || value.size() != 2 || !value.contains("column") || !value.contains("delay") ||
        !value["column"].is_string() || !value["delay"].is_string()) {
      return ShapeError(where, "withWatermark needs {\"column\": name, \"delay\": \"10 seconds\"}");
    }
  } else if (key == "dropDuplicates" || key == "dropDuplicatesWithinWatermark") {
    if (!IsStringList(value)) return ShapeError(where, key + " must be a list of column names ([] = all columns)");
  } else if (key == "join") {
    return CheckJoinShape(value, where);
  } else if (key == "union") {
    return CheckPlanShape(value, where + ".union");
  } else if (key == "limit" || key == "repartition") {
    if (!value.is_number_integer() || value.get<int64_t>() < 0) {
      return ShapeError(where, key + " must be a non-negative integer");
    }
  } else {
    return ShapeError(where, "unknown plan operation '" + key + "' (known: " + std::string(kOperations) + ")");
  }
  return Status::OK();
}

Result<plan::PlanBuilder> Apply(const plan::PlanBuilder& in, const Json& op);

Result<plan::PlanBuilder> Build(const Json& ops, const std::string& where) {
  plan::PlanBuilder builder = plan::PlanBuilder::Table(ops[0]["source"].get<std::string>());
  for (size_t i = 1; i < ops.size(); ++i) {
    const Json& op = ops[i];
    auto next = Apply(builder, op);
    if (!next.ok()) {
      std::string name = op.contains("groupBy") ? "groupBy" : op.begin().key();
      return next.status().WithContext(where + "[" + std::to_string(i) + "] (" + name + ")");
    }
    builder = std::move(next).value();
  }
  return builder;
}

Result<plan::PlanBuilder> Apply(const plan::PlanBuilder& in, const Json& op) {
  if (op.contains("groupBy")) return in.GroupByAgg(Strings(op["groupBy"]), Strings(op["agg"]));
  const std::string& key = op.begin().key();
  const Json& value = op.begin().value();
  if (key == "select") return in.SelectExpr(Strings(value));
  if (key == "where") return in.Where(value.get<std::string>());
  if (key == "withColumn") {
    plan::PlanBuilder out = in;
    for (const auto& [name, text] : value.items()) {
      SLUICE_ASSIGN_OR_RETURN(sql::ExprPtr expr, sql::ParseExpression(text.get<std::string>()));
      out = out.WithColumn(name, expr);
    }
    return out;
  }
  if (key == "withColumnRenamed") {
    plan::PlanBuilder out = in;
    for (const auto& [from, to] : value.items()) out = out.WithColumnRenamed(from, to.get<std::string>());
    return out;
  }
  if (key == "withWatermark") return in.WithWatermark(value["column"].get<std::string>(), value["delay"].get<std::string>());
  if (key == "dropDuplicates") return in.DropDuplicates(Strings(value), false);
  if (key == "dropDuplicatesWithinWatermark") return in.DropDuplicates(Strings(value), true);
  if (key == "orderBy") return in.OrderBy(Strings(value));
  if (key == "limit") return in.Limit(value.get<int64_t>());
  if (key == "repartition") return in.Repartition(value.get<int64_t>());
  if (key == "union") {
    SLUICE_ASSIGN_OR_RETURN(plan::PlanBuilder other, Build(value, "union"));
    return in.Union(other);
  }
  // join: the DataFrame form left.alias(l).join(right.alias(r), on, how).
  SLUICE_ASSIGN_OR_RETURN(plan::PlanBuilder right, Build(value["right"], "join.right"));
  plan::PlanBuilder left = in;
  if (value.contains("left_alias")) left = left.Alias(value["left_alias"].get<std::string>());
  if (value.contains("right_alias")) right = right.Alias(value["right_alias"].get<std::string>());
  std::string how = value.contains("how") ? value["how"].get<std::string>() : "inner";
  if (value.contains("using")) return left.JoinUsing(right, Strings(value["using"]), how);
  SLUICE_ASSIGN_OR_RETURN(sql::ExprPtr on, sql::ParseExpression(value["on"].get<std::string>()));
  return left.Join(right, on, how);
}

}  // namespace

Status CheckPlanShape(const Json& plan, const std::string& where) {
  if (!plan.is_array() || plan.empty()) return ShapeError(where, "a plan must be a non-empty list of operations");
  const Json& first = plan[0];
  if (!first.is_object() || first.size() != 1 || !first.contains("source") || !first["source"].is_string()) {
    return ShapeError(where + "[0]", "the first element must be {\"source\": \"<source or table name>\"}");
  }
  for (size_t i = 1; i < plan.size(); ++i) {
    SLUICE_RETURN_IF_ERROR(CheckOperationShape(plan[i], where + "[" + std::to_string(i) + "]"));
  }
  return Status::OK();
}

Result<plan::LogicalPlanPtr> BuildLogicalPlan(const Json& plan) {
  SLUICE_ASSIGN_OR_RETURN(plan::PlanBuilder builder, Build(plan, "plan"));
  return builder.plan();
}

}  // namespace sluice::scenario
