#pragma once

// ScalarCallExpr: the bound form of a library function call such as upper(name). The
// kernel runs once per batch over whole columns (one virtual call per batch, never per
// row); constant arguments arrive as one-row ArgColumns. Helpers below build the output
// column for the common "NULL in, NULL out" shapes.

#include <memory>
#include <string>
#include <vector>

#include "sluice/expr/arg_column.h"
#include "sluice/expr/expr_node.h"
#include "sluice/expr/validity.h"

namespace sluice::expr {

class ScalarKernel {
 public:
  virtual ~ScalarKernel() = default;
  // Computes `num_rows` results. REQUIRES: args match the call's children; a constant
  // argument has one row.
  virtual Result<types::ColumnPtr> Run(const std::vector<ArgColumn>& args, int64_t num_rows,
                                       const types::TypePtr& result_type, EvalContext& ctx) const = 0;
};

struct CallOptions {
  // False for rand(), uuid(), current_timestamp(): never folded, evaluated per row.
  bool deterministic = true;
  // True when any NULL argument gives NULL: a constant NULL argument short-circuits.
  bool null_intolerant = true;
};

class ScalarCallExpr final : public ExprNode {
 public:
  ScalarCallExpr(std::string name, types::TypePtr type, std::vector<ExprPtr> args,
                 std::shared_ptr<const ScalarKernel> kernel, CallOptions options);
  Result<types::ColumnPtr> Evaluate(const types::Batch& input, EvalContext& ctx) const override;
  std::string Render(RenderMode mode) const override;
  ExprPtr WithChildren(std::vector<ExprPtr> children) const override;
  bool IsDeterministic() const override;
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  std::shared_ptr<const ScalarKernel> kernel_;
  CallOptions options_;
};

template <typename F>
class LambdaKernel final : public ScalarKernel {
 public:
  explicit LambdaKernel(F f) : f_(std::move(f)) {}
  Result<types::ColumnPtr> Run(const std::vector<ArgColumn>& args, int64_t num_rows, const types::TypePtr& result_type,
                               EvalContext& ctx) const override {
    return f_(args, num_rows, result_type, ctx);
  }

 private:
  F f_;
};

// Builds a call whose kernel is `f(args, num_rows, result_type, ctx) -> Result<ColumnPtr>`.
template <typename F>
ExprPtr MakeCall(std::string name, types::TypePtr type, std::vector<ExprPtr> args, F f, CallOptions options = {}) {
  return std::make_shared<ScalarCallExpr>(std::move(name), std::move(type), std::move(args),
                                          std::make_shared<LambdaKernel<F>>(std::move(f)), options);
}

// True when any argument is NULL at row i.
inline bool AnyNull(const std::vector<ArgColumn>& args, int64_t i) {
  for (const auto& a : args) {
    if (a.IsNull(i)) return true;
  }
  return false;
}
inline bool AnyMayHaveNulls(const std::vector<ArgColumn>& args) {
  for (const auto& a : args) {
    if (a.may_have_nulls()) return true;
  }
  return false;
}

// Variable-width (or any) output: for rows where no argument is NULL, fn(i, out) appends
// exactly one value (AppendNull allowed); other rows get NULL.
template <typename Fn>
types::ColumnPtr MapRows(const types::TypePtr& type, const std::vector<ArgColumn>& args, int64_t n, Fn fn) {
  auto out = std::make_shared<types::Column>(type);
  out->Reserve(n);
  const bool check = AnyMayHaveNulls(args);
  for (int64_t i = 0; i < n; ++i) {
    if (check && AnyNull(args, i)) {
      out->AppendNull();
    } else {
      fn(i, out.get());
    }
  }
  return out;
}

// Fixed-width output of C++ type T: for rows where no argument is NULL, fn(i, &value)
// returns false to make the row NULL.
template <typename T, typename Fn>
types::ColumnPtr MapFixed(const types::TypePtr& type, const std::vector<ArgColumn>& args, int64_t n, Fn fn) {
  types::ColumnPtr out = types::Column::Make(type, n);
  T* o = out->data<T>();
  PropagateNulls(args, n, out.get());
  const bool check = AnyMayHaveNulls(args);
  for (int64_t i = 0; i < n; ++i) {
    if (check && AnyNull(args, i)) continue;
    if (!fn(i, &o[i])) SetNullZeroed(out.get(), i);
  }
  return out;
}

// Reads argument `a` at row i as a double / int64 whatever its numeric type.
double NumericAsDouble(const ArgColumn& a, int64_t i);
int64_t IntegralAsInt64(const ArgColumn& a, int64_t i);

}  // namespace sluice::expr
