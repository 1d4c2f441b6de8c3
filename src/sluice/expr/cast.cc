#include "sluice/expr/cast.h"

#include "sluice/expr/arg_column.h"

namespace sluice::expr {

using types::Batch;
using types::ColumnPtr;
using types::DataType;
using types::TypeId;
using types::TypePtr;
using types::Value;

namespace {

bool ContainsTimestamp(const DataType& t) {
  switch (t.id()) {
    case TypeId::kTimestamp: return true;
    case TypeId::kArray: return ContainsTimestamp(*t.element());
    case TypeId::kStruct:
      for (const auto& f : t.fields()) {
        if (ContainsTimestamp(*f.type)) return true;
      }
      return false;
    default: return false;
  }
}

}  // namespace

bool CanCast(const DataType& from, const DataType& to) {
  if (from.Equals(to) || from.id() == TypeId::kNull) return true;
  const TypeId f = from.id();
  switch (to.id()) {
    case TypeId::kNull: return false;
    case TypeId::kString: return true;
    case TypeId::kBinary: return f == TypeId::kString;
    case TypeId::kBoolean: return from.IsNumeric() || f == TypeId::kString;
    case TypeId::kInt:
    case TypeId::kBigint:
    case TypeId::kDouble:
      return from.IsNumeric() || f == TypeId::kBoolean || f == TypeId::kString || f == TypeId::kTimestamp;
    case TypeId::kTimestamp: return from.IsNumeric() || f == TypeId::kString || f == TypeId::kDate;
    case TypeId::kDate: return f == TypeId::kString || f == TypeId::kTimestamp;
    case TypeId::kArray: return f == TypeId::kArray && CanCast(*from.element(), *to.element());
    case TypeId::kStruct: {
      if (f != TypeId::kStruct || from.fields().size() != to.fields().size()) return false;
      for (size_t i = 0; i < from.fields().size(); ++i) {
        if (!CanCast(*from.fields()[i].type, *to.fields()[i].type)) return false;
      }
      return true;
    }
  }
  return false;
}

bool CastNeedsTimeZone(const DataType& from, const DataType& to) {
  if (!ContainsTimestamp(from) && !ContainsTimestamp(to)) return false;
  // Numbers <-> TIMESTAMP are epoch seconds, independent of the zone.
  return !(from.IsNumeric() || to.IsNumeric());
}

Result<ExprPtr> MakeCast(ExprPtr child, TypePtr to, bool try_cast) {
  if (!CanCast(*child->type(), *to)) {
    return Status::AnalysisError("[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION] Cannot resolve \"" +
                                 std::string(try_cast ? "TRY_CAST(" : "CAST(") + ToSql(*child) + " AS " +
                                 to->ToString() + ")\" due to data type mismatch: cannot cast \"" +
                                 child->type()->ToString() + "\" to \"" + to->ToString() + "\".");
  }
  return ExprPtr(std::make_shared<CastExpr>(std::move(child), std::move(to), try_cast));
}

Result<Value> CastValue(const Value& value, const TypePtr& from, const TypePtr& to, bool try_cast, EvalContext& ctx) {
  auto column = types::Column::MakeConstant(from, value, 1);
  SLUICE_ASSIGN_OR_RETURN(ColumnPtr out, CastColumn(column, to, try_cast, ctx));
  return out->GetValue(0);
}

CastExpr::CastExpr(ExprPtr child, TypePtr to, bool try_cast)
    : ExprNode(ExprKind::kCast, std::move(to), {std::move(child)}), try_cast_(try_cast) {}

Result<ColumnPtr> CastExpr::Evaluate(const Batch& input, EvalContext& ctx) const {
  SLUICE_ASSIGN_OR_RETURN(ArgColumn arg, EvaluateArg(*children()[0], input, ctx));
  SLUICE_ASSIGN_OR_RETURN(ColumnPtr out, CastColumn(arg.column, type(), try_cast_, ctx));
  return arg.constant ? Broadcast(out, input.num_rows()) : out;
}

std::string CastExpr::Render(RenderMode mode) const {
  return std::string(try_cast_ ? "TRY_CAST(" : "CAST(") + RenderExpr(*children()[0], mode) + " AS " +
         type()->ToString() + ")";
}

ExprPtr CastExpr::WithChildren(std::vector<ExprPtr> children) const {
  return std::make_shared<CastExpr>(std::move(children[0]), type(), try_cast_);
}

}  // namespace sluice::expr
