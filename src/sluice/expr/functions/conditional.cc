// Conditional functions and CASE. Result types use Spark's common type with string
// promotion (findWiderCommonType).

#include <cmath>

#include "sluice/expr/case_when.h"
#include "sluice/expr/coercion.h"
#include "sluice/expr/comparison.h"
#include "sluice/expr/function_registry.h"
#include "sluice/expr/functions/conditional_functions.h"
#include "sluice/expr/functions/scalar_call.h"
#include "sluice/expr/functions/signature.h"

namespace sluice::expr {

using types::Column;
using types::ColumnPtr;
using types::DataType;
using types::TypeId;
using types::TypePtr;
using types::Value;
using Args = std::vector<ArgColumn>;

namespace {

Status DataDiffTypes(const std::string& sql, const std::string& function, const std::vector<ExprPtr>& values) {
  std::string types;
  for (size_t i = 0; i < values.size(); ++i) types += (i ? ", \"" : "\"") + values[i]->type()->ToString() + "\"";
  return Status::AnalysisError("[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve \"" + sql +
                               "\" due to data type mismatch: Input to `" + function +
                               "` should all be the same type, but it's [" + types + "].");
}

// Casts every expression of `values` to their common type; error names `function`.
Result<TypePtr> UnifyTypes(std::vector<ExprPtr*> values, const std::string& sql, const std::string& function) {
  std::vector<ExprPtr> list;
  for (ExprPtr* v : values) list.push_back(*v);
  TypePtr t = CommonType(list);
  if (!t) return DataDiffTypes(sql, function, list);
  for (ExprPtr* v : values) {
    SLUICE_ASSIGN_OR_RETURN(*v, ImplicitCast(*v, t));
  }
  return t;
}

Status RequireBoolean(ExprPtr* cond, const std::string& sql, size_t index) {
  const TypeId id = (*cond)->type()->id();
  if (id == TypeId::kBoolean) return Status::OK();
  if (id != TypeId::kNull) return UnexpectedInputType(sql, index, "\"BOOLEAN\"", **cond);
  SLUICE_ASSIGN_OR_RETURN(*cond, ImplicitCast(*cond, DataType::Boolean()));
  return Status::OK();
}

}  // namespace

Result<ExprPtr> BindCase(ExprPtr operand, std::vector<ExprPtr> branches, ExprPtr else_value, const std::string& sql) {
  if (branches.empty() || branches.size() % 2 != 0) {
    return Status::AnalysisError("CASE needs WHEN ... THEN ... pairs in \"" + sql + "\"");
  }
  std::vector<ExprPtr> conditions, values;
  for (size_t i = 0; i < branches.size(); i += 2) {
    ExprPtr cond = branches[i];
    if (operand) {
      SLUICE_ASSIGN_OR_RETURN(cond, BindComparisonOperator(CompareOp::kEqual, operand, cond, sql));
    } else {
      SLUICE_RETURN_IF_ERROR(RequireBoolean(&cond, sql, i));
    }
    conditions.push_back(std::move(cond));
    values.push_back(branches[i + 1]);
  }
  std::vector<ExprPtr*> all;
  for (auto& v : values) all.push_back(&v);
  if (else_value) all.push_back(&else_value);
  SLUICE_ASSIGN_OR_RETURN(TypePtr type, UnifyTypes(all, sql, "casewhen"));
  return MakeCaseWhen(std::move(conditions), std::move(values), std::move(else_value), std::move(type));
}

SLUICE_DECLARE_BINDER(BindIf) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "if", 3, 3));
  SLUICE_RETURN_IF_ERROR(RequireBoolean(&call.args[0], call.sql, 0));
  SLUICE_ASSIGN_OR_RETURN(TypePtr type, UnifyTypes({&call.args[1], &call.args[2]}, call.sql, "if"));
  return MakeCaseWhen({call.args[0]}, {call.args[1]}, call.args[2], type, /*render_as_if=*/true);
}

SLUICE_DECLARE_BINDER(BindCoalesce) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "coalesce", 1, kVariadic));
  std::vector<ExprPtr*> all;
  for (auto& a : call.args) all.push_back(&a);
  SLUICE_ASSIGN_OR_RETURN(TypePtr type, UnifyTypes(all, call.sql, "coalesce"));
  return MakeCoalesce(std::move(call.args), type);
}

SLUICE_DECLARE_BINDER(BindNvl) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "nvl", 2, 2));
  SLUICE_ASSIGN_OR_RETURN(TypePtr type, UnifyTypes({&call.args[0], &call.args[1]}, call.sql, "coalesce"));
  return MakeCoalesce(std::move(call.args), type);
}

SLUICE_DECLARE_BINDER(BindNvl2) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "nvl2", 3, 3));
  SLUICE_ASSIGN_OR_RETURN(ExprPtr not_null, BindIsNull(call.args[0], /*negated=*/true));
  SLUICE_ASSIGN_OR_RETURN(TypePtr type, UnifyTypes({&call.args[1], &call.args[2]}, call.sql, "if"));
  return MakeCaseWhen({not_null}, {call.args[1]}, call.args[2], type, /*render_as_if=*/true);
}

SLUICE_DECLARE_BINDER(BindNullIf) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "nullif", 2, 2));
  SLUICE_ASSIGN_OR_RETURN(ExprPtr equal,
                          BindComparisonOperator(CompareOp::kEqual, call.args[0], call.args[1], call.sql));
  TypePtr type = call.type(0);
  return MakeCaseWhen({equal}, {MakeLiteral(Value::Null(), type)}, call.args[0], type);
}

SLUICE_DECLARE_BINDER(BindIsNullFunction) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "isnull", 1, 1));
  return BindIsNull(call.args[0], false);
}

SLUICE_DECLARE_BINDER(BindIsNotNullFunction) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "isnotnull", 1, 1));
  return BindIsNull(call.args[0], true);
}

SLUICE_DECLARE_BINDER(BindNanvl) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "nanvl", 2, 2));
  for (size_t i = 0; i < 2; ++i) {
    SLUICE_RETURN_IF_ERROR(call.Numeric(i));
    SLUICE_RETURN_IF_ERROR(call.Coerce(i, DataType::Double()));
  }
  CallOptions options;
  options.null_intolerant = false;
  return MakeCall(
      call.name, DataType::Double(), std::move(call.args),
      [](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
        ColumnPtr out = Column::Make(type, n);
        double* o = out->data<double>();
        for (int64_t i = 0; i < n; ++i) {
          if (a[0].IsNull(i)) {
            out->SetNull(i);
            continue;
          }
          const double x = a[0].Get<double>(i);
          if (!std::isnan(x)) {
            o[i] = x;
          } else if (a[1].IsNull(i)) {
            out->SetNull(i);
          } else {
            o[i] = a[1].Get<double>(i);
          }
        }
        return out;
      },
      options);
}

}  // namespace sluice::expr
