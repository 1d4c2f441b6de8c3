// Binding of SQL operators with Spark's implicit coercions: numeric widening, strings
// promoted to the other side's type, DATE/TIMESTAMP alignment, NULL to anything.

#include <algorithm>
#include <cctype>

#include "sluice/expr/arithmetic.h"
#include "sluice/expr/coercion.h"
#include "sluice/expr/comparison.h"
#include "sluice/expr/function_registry.h"
#include "sluice/expr/functions/datetime_functions.h"
#include "sluice/expr/functions/signature.h"
#include "sluice/expr/functions/string_functions.h"
#include "sluice/expr/logical.h"

namespace sluice::expr {

using types::DataType;
using types::TypeId;
using types::TypePtr;

namespace {

std::string Upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

Status DiffTypes(const std::string& sql, const Expr& l, const Expr& r) {
  return Status::AnalysisError("[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve \"" + sql +
                               "\" due to data type mismatch: the left and right operands of the binary operator "
                               "have incompatible types (\"" +
                               l.type()->ToString() + "\" and \"" + r.type()->ToString() + "\").");
}

Status WrongType(const std::string& sql, const std::string& required, const DataType& actual) {
  return Status::AnalysisError("[DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE] Cannot resolve \"" + sql +
                               "\" due to data type mismatch: the binary operator requires the input type " +
                               required + ", not \"" + actual.ToString() + "\".");
}

bool IsNull(const DataType& t) { return t.id() == TypeId::kNull; }
bool IsString(const DataType& t) { return t.id() == TypeId::kString; }

// The numeric type an arithmetic operand contributes: itself, or for a STRING the other
// side's numeric type (DOUBLE when both are strings); null when not usable.
TypePtr ArithmeticOperandType(const TypePtr& self, const TypePtr& other) {
  if (self->IsNumeric()) return self;
  if (IsString(*self) || IsNull(*self)) {
    if (other->IsNumeric()) return other;
    return DataType::Double();
  }
  return nullptr;
}

}  // namespace

Result<ExprPtr> BindArithmeticOperator(const std::string& op, ExprPtr left, ExprPtr right, const std::string& sql,
                                       bool null_on_error, std::string function_name) {
  const TypePtr lt = left->type();
  const TypePtr rt = right->type();
  // DATE +/- days is date_add / date_sub, as in Spark.
  if ((op == "+" || op == "-") && lt->id() == TypeId::kDate && (rt->IsIntegral() || IsNull(*rt))) {
    return MakeDateAdd(std::move(left), std::move(right), op == "-", sql);
  }
  if (op == "+" && rt->id() == TypeId::kDate && lt->IsIntegral()) {
    return MakeDateAdd(std::move(right), std::move(left), false, sql);
  }
  if (op == "-" && lt->id() == TypeId::kDate && rt->id() == TypeId::kDate) {
    return BindDateDiff({std::move(left), std::move(right)}, sql);
  }
  TypePtr a = ArithmeticOperandType(lt, rt);
  TypePtr b = ArithmeticOperandType(rt, lt);
  const bool bitwise = op == "&" || op == "|" || op == "^";
  if (!a || !b) {
    if (lt->Equals(*rt) || IsNull(*lt) || IsNull(*rt)) {
      const DataType& bad = a ? *rt : *lt;
      if (bitwise) return WrongType(sql, "\"INTEGRAL\"", bad);
      if (op == "+" || op == "-") {
        return WrongType(sql,
                         "(\"NUMERIC\" or \"INTERVAL DAY TO SECOND\" or \"INTERVAL YEAR TO MONTH\" or \"INTERVAL\")",
                         bad);
      }
      return WrongType(sql, "\"NUMERIC\"", bad);
    }
    return DiffTypes(sql, *left, *right);
  }
  TypePtr operand = WiderType(a, b);
  ArithmeticOp aop;
  if (op == "+") aop = ArithmeticOp::kAdd;
  else if (op == "-") aop = ArithmeticOp::kSubtract;
  else if (op == "*") aop = ArithmeticOp::kMultiply;
  else if (op == "/") aop = ArithmeticOp::kDivide, operand = DataType::Double();
  else if (op == "%") aop = ArithmeticOp::kRemainder;
  else if (op == "DIV") aop = ArithmeticOp::kIntegralDivide, operand = DataType::Bigint();
  else if (op == "PMOD") aop = ArithmeticOp::kPmod;
  else if (op == "&") aop = ArithmeticOp::kBitAnd;
  else if (op == "|") aop = ArithmeticOp::kBitOr;
  else aop = ArithmeticOp::kBitXor;
  if (bitwise && !operand->IsIntegral()) {
    return WrongType(sql, "\"INTEGRAL\"", lt->IsIntegral() ? *rt : *lt);
  }
  if (op == "DIV" && (lt->id() == TypeId::kDouble || rt->id() == TypeId::kDouble)) {
    return WrongType(sql, "(\"INTEGRAL\" or \"INTERVAL\")", lt->id() == TypeId::kDouble ? *lt : *rt);
  }
  SLUICE_ASSIGN_OR_RETURN(left, ImplicitCast(std::move(left), operand));
  SLUICE_ASSIGN_OR_RETURN(right, ImplicitCast(std::move(right), operand));
  return MakeArithmetic(aop, std::move(left), std::move(right), null_on_error, std::move(function_name));
}

namespace {

// The type both sides of a comparison are cast to, or null when they cannot be compared.
TypePtr ComparisonType(const TypePtr& l, const TypePtr& r) {
  if (l->Equals(*r)) return l;
  if (IsNull(*l)) return r;
  if (IsNull(*r)) return l;
  if (l->IsNumeric() && r->IsNumeric()) return WiderType(l, r);
  auto string_vs = [](const TypePtr& other) -> TypePtr {
    switch (other->id()) {
      case TypeId::kInt:
      case TypeId::kBigint:
      case TypeId::kDouble:
      case TypeId::kBoolean:
      case TypeId::kDate:
      case TypeId::kTimestamp:
      case TypeId::kBinary: return other;
      default: return nullptr;
    }
  };
  if (IsString(*l)) return string_vs(r);
  if (IsString(*r)) return string_vs(l);
  return WiderType(l, r);
}

}  // namespace

Result<ExprPtr> BindComparisonOperator(CompareOp op, ExprPtr left, ExprPtr right, const std::string& sql) {
  TypePtr t = ComparisonType(left->type(), right->type());
  if (!t) return DiffTypes(sql, *left, *right);
  if (IsNull(*t)) t = DataType::Boolean();
  SLUICE_ASSIGN_OR_RETURN(left, ImplicitCast(std::move(left), t));
  SLUICE_ASSIGN_OR_RETURN(right, ImplicitCast(std::move(right), t));
  return MakeComparison(op, std::move(left), std::move(right));
}

Result<ExprPtr> BindBinaryOperator(const std::string& op_in, ExprPtr left, ExprPtr right, const std::string& sql) {
  std::string op = Upper(op_in);
  if (op == "==") op = "=";
  if (op == "!=") op = "<>";
  if (op == "+" || op == "-" || op == "*" || op == "/" || op == "%" || op == "DIV" || op == "&" || op == "|" ||
      op == "^") {
    return BindArithmeticOperator(op, std::move(left), std::move(right), sql);
  }
  static const std::pair<const char*, CompareOp> kComparisons[] = {
      {"=", CompareOp::kEqual},        {"<>", CompareOp::kNotEqual},     {"<", CompareOp::kLess},
      {"<=", CompareOp::kLessEqual},   {">", CompareOp::kGreater},       {">=", CompareOp::kGreaterEqual},
      {"<=>", CompareOp::kNullSafeEqual}};
  for (const auto& [symbol, cop] : kComparisons) {
    if (op == symbol) return BindComparisonOperator(cop, std::move(left), std::move(right), sql);
  }
  if (op == "AND" || op == "OR") {
    for (const ExprPtr* side : {&left, &right}) {
      const DataType& t = *(*side)->type();
      if (t.id() == TypeId::kBoolean || IsNull(t)) continue;
      const DataType& other = *(side == &left ? right : left)->type();
      if (other.id() == TypeId::kBoolean || IsNull(other)) return DiffTypes(sql, *left, *right);
      return WrongType(sql, "\"BOOLEAN\"", t);
    }
    SLUICE_ASSIGN_OR_RETURN(left, ImplicitCast(std::move(left), DataType::Boolean()));
    SLUICE_ASSIGN_OR_RETURN(right, ImplicitCast(std::move(right), DataType::Boolean()));
    return op == "AND" ? MakeAnd(std::move(left), std::move(right)) : MakeOr(std::move(left), std::move(right));
  }
  if (op == "||") {
    return BindConcat({std::move(left), std::move(right)}, sql);
  }
  return Status::AnalysisError("unknown binary operator '" + op_in + "' in \"" + sql + "\"");
}

Result<ExprPtr> BindUnaryOperator(const std::string& op_in, ExprPtr child, const std::string& sql) {
  std::string op = Upper(op_in);
  std::vector<ExprPtr> args{std::move(child)};
  if (op == "NOT") {
    SLUICE_RETURN_IF_ERROR(CoerceArg(args, 0, DataType::Boolean(), sql));
    return MakeNot(std::move(args[0]));
  }
  if (op == "-" || op == "+") {
    const DataType& t = *args[0]->type();
    if (!t.IsNumeric()) {
      if (t.id() != TypeId::kString && !IsNull(t)) {
        return UnexpectedInputType(sql, 0, "(\"NUMERIC\" or \"INTERVAL DAY TO SECOND\" or \"INTERVAL YEAR TO MONTH\")",
                                   *args[0]);
      }
      SLUICE_ASSIGN_OR_RETURN(args[0], ImplicitCast(std::move(args[0]), DataType::Double()));
    }
    if (op == "+") return args[0];
    return MakeUnaryArithmetic(UnaryArithmeticOp::kNegate, std::move(args[0]));
  }
  if (op == "~") {
    if (IsNull(*args[0]->type())) {
      SLUICE_ASSIGN_OR_RETURN(args[0], ImplicitCast(args[0], DataType::Int()));
    }
    if (!args[0]->type()->IsIntegral()) return UnexpectedInputType(sql, 0, "\"INTEGRAL\"", *args[0]);
    return MakeUnaryArithmetic(UnaryArithmeticOp::kBitNot, std::move(args[0]));
  }
  return Status::AnalysisError("unknown unary operator '" + op_in + "' in \"" + sql + "\"");
}

}  // namespace sluice::expr
