#pragma once

// Helpers for the expression unit tests: build batches from text, bind calls through the
// function list as the analyzer does, and evaluate to Values.

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/expr/expr.h"
#include "sluice/expr/function_registry.h"
#include "sluice/types/batch.h"
#include "test_util.h"

namespace sluice::types {
// Readable gtest output for Values.
void PrintTo(const Value& v, std::ostream* os);
}  // namespace sluice::types

namespace sluice::expr::testing {

using types::Batch;
using types::BatchPtr;
using types::DataType;
using types::Value;

inline BatchPtr Pretty(std::string_view text) {
  auto r = Batch::FromPretty(text);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : Batch::Empty(std::make_shared<types::Schema>());
}

inline BatchPtr OneRow() { return std::make_shared<Batch>(std::make_shared<types::Schema>(), std::vector<types::ColumnPtr>{}, 1); }

inline BatchPtr Rows(std::string_view ddl, const std::vector<types::Row>& rows) {
  auto schema = types::Schema::Parse(ddl);
  EXPECT_TRUE(schema.ok()) << schema.status().ToString();
  return Batch::FromRows(std::make_shared<types::Schema>(*schema), rows);
}

inline ExprPtr Col(const Batch& b, int i) {
  return MakeColumnRef(i, b.schema()->field(i).type, b.schema()->field(i).name);
}
inline ExprPtr Int(int64_t v) { return MakeLiteral(Value::Int(v), DataType::Int()); }
inline ExprPtr Big(int64_t v) { return MakeLiteral(Value::Int(v), DataType::Bigint()); }
inline ExprPtr Dbl(double v) { return MakeLiteral(Value::Double(v), DataType::Double()); }
inline ExprPtr Str(std::string v) { return MakeLiteral(Value::String(std::move(v)), DataType::String()); }
inline ExprPtr Bool(bool v) { return MakeLiteral(Value::Bool(v), DataType::Boolean()); }
inline ExprPtr Null() { return MakeLiteral(Value::Null(), DataType::Null()); }
inline ExprPtr Null(types::TypePtr t) { return MakeLiteral(Value::Null(), std::move(t)); }
inline ExprPtr Ts(int64_t micros) { return MakeLiteral(Value::Int(micros), DataType::Timestamp()); }
inline ExprPtr Date(int64_t days) { return MakeLiteral(Value::Int(days), DataType::Date()); }

// "name(a, b)" with the arguments' SQL text, as the analyzer passes it.
std::string CallSql(const std::string& name, const std::vector<ExprPtr>& args);

// Binds name(args) through FindFunction (scalar or generator).
Result<ExprPtr> Call(const std::string& name, std::vector<ExprPtr> args);
Result<ExprPtr> Op(const std::string& op, ExprPtr left, ExprPtr right);

// Evaluates over `batch`; fails the test on a Status error or a per-row error in ctx.
std::vector<Value> Eval(const ExprPtr& e, const Batch& batch, EvalContext ctx = {});
// Evaluates on a single empty row and returns the value.
Value Eval1(const ExprPtr& e, EvalContext ctx = {});
// Evaluates and returns the per-row error message (empty when none).
std::string EvalError(const ExprPtr& e, const Batch& batch, EvalContext ctx = {});

// Binds and evaluates name(args) on one row (ASSERT-style failure message on error).
Value CallValue(const std::string& name, std::vector<ExprPtr> args, EvalContext ctx = {});
// The error message of binding name(args) ("" if it binds).
std::string BindError(const std::string& name, std::vector<ExprPtr> args);

inline std::vector<Value> Ints(std::initializer_list<int64_t> v) {
  std::vector<Value> out;
  for (auto x : v) out.push_back(Value::Int(x));
  return out;
}

EvalContext Lenient();  // ansi = false
EvalContext InZone(std::string_view zone);

}  // namespace sluice::expr::testing
