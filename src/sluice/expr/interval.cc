// timestamp +/- INTERVAL: the only interval arithmetic sluice needs (intervals have no
// column type; they are fixed durations in microseconds).

#include <limits>

#include "sluice/expr/arg_column.h"
#include "sluice/expr/arithmetic.h"
#include "sluice/expr/expr_node.h"
#include "sluice/expr/function_registry.h"
#include "sluice/expr/functions/signature.h"
#include "sluice/expr/validity.h"

namespace sluice::expr {

using types::Batch;
using types::Column;
using types::ColumnPtr;
using types::DataType;
using types::TypeId;

namespace {

class TimestampAddExpr final : public ExprNode {
 public:
  // `micros` is the signed shift (negative for `-`); `subtract` only affects rendering.
  TimestampAddExpr(ExprPtr timestamp, int64_t micros, bool subtract)
      : ExprNode(ExprKind::kCall, DataType::Timestamp(), {std::move(timestamp)}), micros_(micros), subtract_(subtract) {}

  Result<ColumnPtr> Evaluate(const Batch& input, EvalContext& ctx) const override {
    SLUICE_ASSIGN_OR_RETURN(ArgColumn a, EvaluateArg(*children()[0], input, ctx));
    const int64_t n = input.num_rows();
    if (a.IsConstantNull()) return Column::MakeNull(type(), n);
    const int64_t rows = a.constant ? 1 : n;
    ColumnPtr out = Column::Make(type(), rows);
    int64_t* __restrict o = out->data<int64_t>();
    const int64_t* __restrict t = a.column->data<int64_t>();
    const int64_t shift = micros_;
    int bad = 0;
    for (int64_t i = 0; i < rows; ++i) {
      int64_t r = static_cast<int64_t>(static_cast<uint64_t>(t[i]) + static_cast<uint64_t>(shift));
      bad |= ((t[i] ^ r) & (shift ^ r)) < 0;
      o[i] = r;
    }
    PropagateNulls({&a}, rows, out.get());
    if (bad) {
      for (int64_t i = 0; i < rows; ++i) {
        int64_t r;
        if (a.IsValid(i) && __builtin_add_overflow(t[i], shift, &r)) {
          SetNullZeroed(out.get(), i);
          if (ctx.ansi) ctx.SetError(Status::ExecutionError(ArithmeticOverflowMessage(*DataType::Bigint(), nullptr)));
        }
      }
    }
    return a.constant ? Broadcast(out, n) : out;
  }

  std::string Render(RenderMode mode) const override {
    const int64_t magnitude = micros_ < 0 ? -micros_ : micros_;
    return "(" + RenderExpr(*children()[0], mode) + (subtract_ ? " - " : " + ") + "INTERVAL '" +
           FormatIntervalMicros(magnitude) + "')";
  }

  ExprPtr WithChildren(std::vector<ExprPtr> children) const override {
    return std::make_shared<TimestampAddExpr>(children[0], micros_, subtract_);
  }

  int64_t micros() const { return micros_; }

 private:
  int64_t micros_;
  bool subtract_;
};

}  // namespace

Result<ExprPtr> BindTimestampAddInterval(ExprPtr timestamp, int64_t micros, bool subtract, const std::string& sql) {
  const TypeId id = timestamp->type()->id();
  if (id != TypeId::kTimestamp) {
    if (id != TypeId::kDate && id != TypeId::kString && id != TypeId::kNull) {
      return Status::AnalysisError(
          "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"" + sql +
          "\" due to data type mismatch: The first parameter requires the \"TIMESTAMP\" type, however \"" +
          ToSql(*timestamp) + "\" has the type \"" + timestamp->type()->ToString() + "\".");
    }
    SLUICE_ASSIGN_OR_RETURN(timestamp, ImplicitCast(std::move(timestamp), DataType::Timestamp()));
  }
  if (subtract && micros == std::numeric_limits<int64_t>::min()) {
    return Status::AnalysisError("interval in \"" + sql + "\" is out of range");
  }
  return ExprPtr(std::make_shared<TimestampAddExpr>(std::move(timestamp), subtract ? -micros : micros, subtract));
}

const Expr* MatchTimestampAddInterval(const Expr& e, int64_t* micros) {
  const auto* add = dynamic_cast<const TimestampAddExpr*>(&e);
  if (add == nullptr) return nullptr;
  *micros = add->micros();
  return add->children()[0].get();
}

}  // namespace sluice::expr
