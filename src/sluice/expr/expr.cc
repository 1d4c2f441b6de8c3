#include "sluice/expr/expr.h"

#include "sluice/expr/arg_column.h"
#include "sluice/expr/leaves.h"

namespace sluice::expr {

using types::Batch;
using types::Column;
using types::ColumnPtr;
using types::DataType;
using types::TypeId;
using types::Value;

bool Expr::IsDeterministic() const {
  for (const auto& c : children_) {
    if (!c->IsDeterministic()) return false;
  }
  return true;
}

bool Expr::IsFoldable() const {
  if (kind_ == ExprKind::kColumnRef || kind_ == ExprKind::kGenerator) return false;
  if (!IsDeterministic()) return false;
  for (const auto& c : children_) {
    if (!c->IsFoldable()) return false;
  }
  return true;
}

Result<ColumnPtr> GeneratorExpr::Evaluate(const Batch& input, EvalContext& ctx) const {
  return Status::Internal("generator " + ToString() + " cannot be evaluated row-aligned; use Generate");
}

// --- rendering ---

std::string RenderExpr(const Expr& e, RenderMode mode) {
  if (const auto* node = dynamic_cast<const ExprNode*>(&e)) return node->Render(mode);
  return e.ToString();
}

std::string RenderList(const std::vector<ExprPtr>& exprs, RenderMode mode) {
  std::string out;
  for (size_t i = 0; i < exprs.size(); ++i) {
    if (i) out += ", ";
    out += RenderExpr(*exprs[i], mode);
  }
  return out;
}

std::string RenderLiteral(const Value& value, const DataType& type, RenderMode mode) {
  if (value.is_null()) return mode == RenderMode::kSql ? "NULL" : "null";
  switch (type.id()) {
    case TypeId::kBigint: return mode == RenderMode::kSql ? value.ToSqlLiteral(type) : std::to_string(value.int_value());
    case TypeId::kDouble:
      return mode == RenderMode::kSql ? value.ToSqlLiteral(type) : types::FormatDouble(value.AsDouble());
    case TypeId::kArray: {
      std::string out = "array(";
      const auto& l = value.list_value();
      for (size_t i = 0; i < l.size(); ++i) {
        if (i) out += ", ";
        out += RenderLiteral(l[i], *type.element(), mode);
      }
      return out + ")";
    }
    case TypeId::kStruct: {
      std::string out = "named_struct(";
      const auto& l = value.list_value();
      for (size_t i = 0; i < l.size() && i < type.fields().size(); ++i) {
        if (i) out += ", ";
        out += "'" + type.fields()[i].name + "', " + RenderLiteral(l[i], *type.fields()[i].type, mode);
      }
      return out + ")";
    }
    case TypeId::kBinary: {
      static const char* kHex = "0123456789ABCDEF";
      std::string out = "X'";
      for (unsigned char c : value.string_value()) {
        out += kHex[c >> 4];
        out += kHex[c & 15];
      }
      return out + "'";
    }
    default: return value.ToSqlLiteral(type);
  }
}

// --- column reference ---

ColumnRefExpr::ColumnRefExpr(int index, types::TypePtr type, std::string name)
    : ExprNode(ExprKind::kColumnRef, std::move(type), {}), index_(index), name_(std::move(name)) {}

Result<ColumnPtr> ColumnRefExpr::Evaluate(const Batch& input, EvalContext& ctx) const {
  if (index_ < 0 || static_cast<size_t>(index_) >= input.num_columns()) {
    return Status::Internal("column reference " + ToString() + " is out of range for a batch of " +
                            std::to_string(input.num_columns()) + " columns");
  }
  return input.column(index_);
}

std::string ColumnRefExpr::Render(RenderMode mode) const {
  if (mode == RenderMode::kSql) return name_;
  return name_ + "#" + std::to_string(index_);
}

ExprPtr ColumnRefExpr::WithChildren(std::vector<ExprPtr> children) const {
  return std::make_shared<ColumnRefExpr>(index_, type(), name_);
}

// --- literal ---

LiteralExpr::LiteralExpr(Value value, types::TypePtr type)
    : ExprNode(ExprKind::kLiteral, type, {}), value_(std::move(value)) {
  one_row_ = Column::MakeConstant(this->type(), value_, 1);
}

Result<ColumnPtr> LiteralExpr::Evaluate(const Batch& input, EvalContext& ctx) const {
  return Column::MakeConstant(type(), value_, input.num_rows());
}

std::string LiteralExpr::Render(RenderMode mode) const { return RenderLiteral(value_, *type(), mode); }

ExprPtr LiteralExpr::WithChildren(std::vector<ExprPtr> children) const {
  return std::make_shared<LiteralExpr>(value_, type());
}

// --- public constructors and accessors ---

ExprPtr MakeColumnRef(int index, types::TypePtr type, std::string name) {
  return std::make_shared<ColumnRefExpr>(index, std::move(type), std::move(name));
}

ExprPtr MakeLiteral(Value value, types::TypePtr type) {
  return std::make_shared<LiteralExpr>(std::move(value), std::move(type));
}

int ColumnRefIndex(const Expr& e) {
  if (e.kind() != ExprKind::kColumnRef) return -1;
  const auto* ref = dynamic_cast<const ColumnRefExpr*>(&e);
  return ref ? ref->index() : -1;
}

const std::string& ColumnRefName(const Expr& e) {
  static const std::string kEmpty;
  const auto* ref = dynamic_cast<const ColumnRefExpr*>(&e);
  return ref ? ref->name() : kEmpty;
}

const Value* LiteralValue(const Expr& e) {
  if (e.kind() != ExprKind::kLiteral) return nullptr;
  const auto* lit = dynamic_cast<const LiteralExpr*>(&e);
  return lit ? &lit->value() : nullptr;
}

Result<Value> EvaluateConstant(const Expr& e, EvalContext& ctx) {
  if (const Value* v = LiteralValue(e)) return *v;
  static const auto kEmptySchema = std::make_shared<const types::Schema>();
  Batch one_row(kEmptySchema, {}, 1);
  SLUICE_ASSIGN_OR_RETURN(ColumnPtr column, e.Evaluate(one_row, ctx));
  if (column->size() < 1) return Status::Internal("constant evaluation of " + e.ToString() + " returned no row");
  return column->GetValue(0);
}

}  // namespace sluice::expr
