#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sluice/common/time.h"
#include "sluice/types/batch.h"

namespace sluice::expr {

// Per-evaluation settings and the error slot kernels write to (STYLE.md §5: record
// per-row failures instead of throwing mid-loop; the runtime reports the first one).
struct EvalContext {
  TimeZone time_zone;
  // Spark 4.0 defaults spark.sql.ansi.enabled to true: invalid casts, overflow and
  // division by zero are errors. With ansi = false they give NULL (Spark 3 behaviour).
  bool ansi = true;
  // current_timestamp() / now() for this micro-batch (Spark fixes it per batch).
  int64_t current_timestamp_micros = 0;
  // rand(seed) is seeded with seed + partition_index, as Spark does per partition.
  int32_t partition_index = 0;
  // The first per-row error; evaluation of the batch stops being meaningful once set.
  Status error;

  void SetError(Status s) {
    if (error.ok()) error = std::move(s);
  }
};

enum class ExprKind : uint8_t {
  kColumnRef,
  kLiteral,
  kCast,
  kCall,       // a scalar function or operator
  kGenerator,  // explode(...): changes the number of rows
};

class Expr;
using ExprPtr = std::shared_ptr<const Expr>;

// A bound (resolved, typed) expression. Evaluate works on a whole batch and returns a
// column of batch.num_rows() values. Implementations are immutable and thread-safe:
// one plan is evaluated by several partitions at once.
class Expr {
 public:
  Expr(ExprKind kind, types::TypePtr type, std::vector<ExprPtr> children)
      : kind_(kind), type_(std::move(type)), children_(std::move(children)) {}
  virtual ~Expr() = default;

  ExprKind kind() const { return kind_; }
  const types::TypePtr& type() const { return type_; }
  const std::vector<ExprPtr>& children() const { return children_; }

  // Evaluates over `input`. Per-row errors go to ctx.error (the returned column then
  // holds NULL for those rows); a returned error Status means the whole call failed.
  virtual Result<types::ColumnPtr> Evaluate(const types::Batch& input, EvalContext& ctx) const = 0;

  // EXPLAIN text, Spark-like: "(value#0 + 1)", "upper(name#1)", "CAST(ts#2 AS BIGINT)".
  virtual std::string ToString() const = 0;

  // False for rand() and current_timestamp(): they must not be constant-folded.
  virtual bool IsDeterministic() const;
  // True when every leaf is a literal and the expression is deterministic.
  bool IsFoldable() const;

  // A copy of this node with new children of the same types (used by the optimizer).
  virtual ExprPtr WithChildren(std::vector<ExprPtr> children) const = 0;

 private:
  ExprKind kind_;
  types::TypePtr type_;
  std::vector<ExprPtr> children_;
};

// --- leaves ---
// A reference to column `index` of the input batch.
ExprPtr MakeColumnRef(int index, types::TypePtr type, std::string name);
ExprPtr MakeLiteral(types::Value value, types::TypePtr type);

// Index of a kColumnRef (-1 otherwise), its name, and a literal's value.
int ColumnRefIndex(const Expr& e);
const std::string& ColumnRefName(const Expr& e);
const types::Value* LiteralValue(const Expr& e);

// Explicit CAST(child AS to) / TRY_CAST with Spark's castability rules. Errors (as
// AnalysisError) when the cast is never valid, e.g. ARRAY<INT> to INT, with Spark's
// wording: cannot cast "ARRAY<INT>" to "INT".
Result<ExprPtr> MakeCast(ExprPtr child, types::TypePtr to, bool try_cast = false);

// Evaluates a foldable expression to a single value (constant folding).
Result<types::Value> EvaluateConstant(const Expr& e, EvalContext& ctx);

// A generator (explode): for each input row produces zero or more output rows.
class GeneratorExpr : public Expr {
 public:
  using Expr::Expr;
  // Fills `source_rows` with the input row index of each output row and `output` with
  // the generated values (one column of source_rows.size() values).
  virtual Status Generate(const types::Batch& input, EvalContext& ctx, std::vector<int32_t>* source_rows,
                          types::ColumnPtr* output) const = 0;
  // Generators do not evaluate row-aligned; Evaluate returns an error.
  Result<types::ColumnPtr> Evaluate(const types::Batch& input, EvalContext& ctx) const override;
  // Spark's default output column name ("col" for explode).
  virtual std::string DefaultColumnName() const = 0;
};

}  // namespace sluice::expr
