#include <string>

#include "sluice/expr/arg_column.h"
#include "sluice/expr/expr_node.h"
#include "sluice/expr/functions/collection_functions.h"
#include "sluice/expr/nested_access.h"

namespace sluice::expr {

using types::Batch;
using types::ColumnPtr;

namespace {

// explode(array) / explode_outer(array): one output row per element. explode_outer also
// emits one NULL row for a NULL or empty array.
class ExplodeExpr final : public GeneratorExpr {
 public:
  ExplodeExpr(ExprPtr array, bool outer, std::string name)
      : GeneratorExpr(ExprKind::kGenerator, array->type()->element(), {array}), outer_(outer), name_(std::move(name)) {}

  Status Generate(const Batch& input, EvalContext& ctx, std::vector<int32_t>* source_rows,
                  ColumnPtr* output) const override {
    SLUICE_ASSIGN_OR_RETURN(ArgColumn a, EvaluateArg(*children()[0], input, ctx));
    const int64_t n = input.num_rows();
    source_rows->clear();
    std::vector<int64_t> positions;
    for (int64_t i = 0; i < n; ++i) {
      const int64_t row = a.Row(i);
      const bool empty = a.column->IsNull(row) || a.column->ArrayBegin(row) == a.column->ArrayEnd(row);
      if (empty) {
        if (outer_) {
          source_rows->push_back(static_cast<int32_t>(i));
          positions.push_back(-1);
        }
        continue;
      }
      for (uint32_t j = a.column->ArrayBegin(row); j < a.column->ArrayEnd(row); ++j) {
        source_rows->push_back(static_cast<int32_t>(i));
        positions.push_back(j);
      }
    }
    *output = GatherOrNull(*a.column->child(0), positions);
    return Status::OK();
  }

  std::string ToString() const override { return name_ + "(" + children()[0]->ToString() + ")"; }
  std::string DefaultColumnName() const override { return "col"; }
  ExprPtr WithChildren(std::vector<ExprPtr> children) const override {
    return std::make_shared<ExplodeExpr>(children[0], outer_, name_);
  }

 private:
  bool outer_;
  std::string name_;
};

}  // namespace

ExprPtr MakeExplode(ExprPtr array, bool outer, std::string name) {
  return std::make_shared<ExplodeExpr>(std::move(array), outer, std::move(name));
}

}  // namespace sluice::expr
