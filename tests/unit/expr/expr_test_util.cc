#include "expr_test_util.h"

#include "sluice/expr/expr_node.h"

namespace sluice::types {
void PrintTo(const Value& v, std::ostream* os) {
  if (v.is_null()) {
    *os << "NULL";
  } else if (v.is_bool()) {
    *os << (v.bool_value() ? "true" : "false");
  } else if (v.is_int()) {
    *os << v.int_value();
  } else if (v.is_double()) {
    *os << FormatDouble(v.double_value()) << "D";
  } else if (v.is_string()) {
    *os << "'" << v.string_value() << "'";
  } else {
    *os << "[";
    for (size_t i = 0; i < v.list_value().size(); ++i) {
      if (i) *os << ", ";
      PrintTo(v.list_value()[i], os);
    }
    *os << "]";
  }
}
}  // namespace sluice::types

namespace sluice::expr::testing {

std::string CallSql(const std::string& name, const std::vector<ExprPtr>& args) {
  return name + "(" + RenderList(args, RenderMode::kSql) + ")";
}

Result<ExprPtr> Call(const std::string& name, std::vector<ExprPtr> args) {
  const FunctionEntry* f = FindFunction(name);
  if (f == nullptr || f->scalar == nullptr) return Status::AnalysisError("no scalar function " + name);
  std::string sql = CallSql(name, args);
  return f->scalar(std::move(args), sql);
}

Result<ExprPtr> Op(const std::string& op, ExprPtr left, ExprPtr right) {
  std::string sql = "(" + ToSql(*left) + " " + op + " " + ToSql(*right) + ")";
  return BindBinaryOperator(op, std::move(left), std::move(right), sql);
}

std::vector<Value> Eval(const ExprPtr& e, const Batch& batch, EvalContext ctx) {
  auto r = e->Evaluate(batch, ctx);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(ctx.error.ok()) << ctx.error.ToString();
  if (!r.ok()) return {};
  EXPECT_EQ((*r)->size(), batch.num_rows());
  std::vector<Value> out;
  for (int64_t i = 0; i < (*r)->size(); ++i) out.push_back((*r)->GetValue(i));
  return out;
}

Value Eval1(const ExprPtr& e, EvalContext ctx) {
  auto v = Eval(e, *OneRow(), std::move(ctx));
  return v.empty() ? Value() : v[0];
}

std::string EvalError(const ExprPtr& e, const Batch& batch, EvalContext ctx) {
  auto r = e->Evaluate(batch, ctx);
  if (!r.ok()) return r.status().message();
  return ctx.error.ok() ? "" : ctx.error.message();
}

Value CallValue(const std::string& name, std::vector<ExprPtr> args, EvalContext ctx) {
  auto e = Call(name, std::move(args));
  EXPECT_TRUE(e.ok()) << e.status().ToString();
  if (!e.ok()) return Value::String("<bind error: " + e.status().message() + ">");
  return Eval1(*e, std::move(ctx));
}

std::string BindError(const std::string& name, std::vector<ExprPtr> args) {
  auto e = Call(name, std::move(args));
  return e.ok() ? "" : e.status().message();
}

EvalContext Lenient() {
  EvalContext ctx;
  ctx.ansi = false;
  return ctx;
}

EvalContext InZone(std::string_view zone) {
  EvalContext ctx;
  auto tz = TimeZone::Parse(zone);
  EXPECT_TRUE(tz.ok());
  if (tz.ok()) ctx.time_zone = *tz;
  return ctx;
}

}  // namespace sluice::expr::testing
