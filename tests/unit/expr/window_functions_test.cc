#include <gtest/gtest.h>

#include "expr_test_util.h"
#include "sluice/expr/functions/window_functions.h"

namespace sluice::expr {
namespace {

using namespace testing;  // NOLINT

constexpr int64_t kSec = 1000000;

// The windows generated for `batch`: (source row, start, end) in output order.
struct Generated {
  std::vector<int32_t> rows;
  std::vector<std::pair<int64_t, int64_t>> windows;
};

Generated RunWindows(const ExprPtr& e, const types::Batch& batch) {
  const auto* window = dynamic_cast<const TimeWindowExpr*>(e.get());
  EXPECT_NE(window, nullptr) << e->ToString();
  Generated g;
  if (!window) return g;
  EvalContext ctx;
  types::ColumnPtr out;
  Status s = window->Generate(batch, ctx, &g.rows, &out);
  EXPECT_TRUE(s.ok()) << s.ToString();
  if (!s.ok()) return g;
  EXPECT_EQ(out->size(), static_cast<int64_t>(g.rows.size()));
  for (int64_t i = 0; i < out->size(); ++i) {
    g.windows.push_back({out->child(0)->data<int64_t>()[i], out->child(1)->data<int64_t>()[i]});
  }
  return g;
}

types::BatchPtr Times(const std::vector<types::Value>& seconds) {
  std::vector<types::Row> rows;
  for (const auto& v : seconds) rows.push_back({v.is_null() ? v : types::Value::Int(v.int_value() * kSec)});
  return Rows("ts TIMESTAMP", rows);
}

TEST(WindowFunctionsTest, TumblingWindowAlignsToEpochAndDropsNullTimes) {
  auto batch = Times({Value::Int(7), Value::Null(), Value::Int(-1), Value::Int(10)});
  ASSERT_OK_AND_ASSIGN(ExprPtr e, Call("window", {Col(*batch, 0), Str("5 seconds")}));
  EXPECT_EQ(e->type()->ToString(), "STRUCT<start: TIMESTAMP, end: TIMESTAMP>");
  Generated g = RunWindows(e, *batch);
  EXPECT_EQ(g.rows, (std::vector<int32_t>{0, 2, 3}));
  ASSERT_EQ(g.windows.size(), 3u);
  EXPECT_EQ(g.windows[0], std::make_pair(5 * kSec, 10 * kSec));
  EXPECT_EQ(g.windows[1], std::make_pair(-5 * kSec, 0 * kSec));
  EXPECT_EQ(g.windows[2], std::make_pair(10 * kSec, 15 * kSec));
}

TEST(WindowFunctionsTest, SlidingWindowEmitsEveryContainingWindowLatestFirst) {
  auto batch = Times({Value::Int(7)});
  ASSERT_OK_AND_ASSIGN(ExprPtr e, Call("window", {Col(*batch, 0), Str("10 seconds"), Str("3 seconds")}));
  Generated g = RunWindows(e, *batch);
  // ceil(10 / 3) = 4 candidates; those starting at 6, 3 and 0 contain 7, the one at -3 does not.
  ASSERT_EQ(g.windows.size(), 3u);
  EXPECT_EQ(g.windows[0], std::make_pair(6 * kSec, 16 * kSec));
  EXPECT_EQ(g.windows[1], std::make_pair(3 * kSec, 13 * kSec));
  EXPECT_EQ(g.windows[2], std::make_pair(0 * kSec, 10 * kSec));
  EXPECT_EQ(g.rows, (std::vector<int32_t>{0, 0, 0}));
}

TEST(WindowFunctionsTest, StartOffsetShiftsWindows) {
  auto batch = Times({Value::Int(1)});
  ASSERT_OK_AND_ASSIGN(ExprPtr e, Call("window", {Col(*batch, 0), Str("5 seconds"), Str("5 seconds"), Str("2 seconds")}));
  Generated g = RunWindows(e, *batch);
  ASSERT_EQ(g.windows.size(), 1u);
  EXPECT_EQ(g.windows[0], std::make_pair(-3 * kSec, 2 * kSec));
}

TEST(WindowFunctionsTest, IntegerDurationsAreMicroseconds) {
  auto batch = Times({Value::Int(7)});
  ASSERT_OK_AND_ASSIGN(ExprPtr e, Call("window", {Col(*batch, 0), Int(5 * kSec)}));
  EXPECT_EQ(e->ToString(), "window(ts#0, 5000000, 5000000, 0)");
}

TEST(WindowFunctionsTest, DurationChecksUseSparkWording) {
  auto batch = Times({Value::Int(7)});
  EXPECT_NE(BindError("window", {Col(*batch, 0), Str("0 seconds")}).find("The window duration (0) must be greater than 0"),
            std::string::npos);
  EXPECT_NE(BindError("window", {Col(*batch, 0), Str("5 seconds"), Str("6 seconds")})
                .find("The slide duration (6000000) must be less than or equal to the windowDuration (5000000)"),
            std::string::npos);
  EXPECT_NE(BindError("window", {Col(*batch, 0), Str("5 seconds"), Str("0 seconds")})
                .find("The slide duration (0) must be greater than 0"),
            std::string::npos);
  EXPECT_NE(BindError("window", {Col(*batch, 0), Str("2 months")}).find("Intervals greater than a month is not supported"),
            std::string::npos);
  EXPECT_NE(BindError("window", {Col(*batch, 0), Null(DataType::String())})
                .find("must be an integer, long or string literal"),
            std::string::npos);
  EXPECT_NE(BindError("window", {Int(1), Str("5 seconds")}).find("UNEXPECTED_INPUT_TYPE"), std::string::npos);
  EXPECT_NE(BindError("window", {Col(*batch, 0)}).find("WRONG_NUM_ARGS"), std::string::npos);
}

TEST(WindowFunctionsTest, WindowTimeIsEndMinusOneMicrosecond) {
  auto batch = Times({Value::Int(7), Value::Null()});
  ASSERT_OK_AND_ASSIGN(ExprPtr window, Call("window", {Col(*batch, 0), Str("5 seconds")}));
  // A window column: run the generator, then evaluate window_time over its output.
  std::vector<int32_t> rows;
  types::ColumnPtr windows;
  EvalContext ctx;
  ASSERT_OK(dynamic_cast<const GeneratorExpr&>(*window).Generate(*batch, ctx, &rows, &windows));
  types::ColumnPtr with_null = windows->Gather(std::vector<int32_t>{0, 0}.data(), 2);
  with_null->SetNull(1);
  auto input = std::make_shared<types::Batch>(
      std::make_shared<types::Schema>(std::vector<types::StructField>{{"window", TimeWindowType(), true}}),
      std::vector<types::ColumnPtr>{with_null}, 2);
  ASSERT_OK_AND_ASSIGN(ExprPtr wt, Call("window_time", {Col(*input, 0)}));
  EXPECT_EQ(wt->type()->id(), types::TypeId::kTimestamp);
  EXPECT_NE(WindowTimeArgument(*wt), nullptr);
  std::vector<Value> values = Eval(wt, *input);
  ASSERT_EQ(values.size(), 2u);
  EXPECT_EQ(values[0], Value::Int(10 * kSec - 1));
  EXPECT_TRUE(values[1].is_null());
  EXPECT_NE(BindError("window_time", {Ts(0)}).find("UNEXPECTED_INPUT_TYPE"), std::string::npos);

  // window() over a window column uses its window_time (chained windows).
  ASSERT_OK_AND_ASSIGN(ExprPtr chained, Call("window", {Col(*input, 0), Str("10 seconds")}));
  Generated g = RunWindows(chained, *input);
  ASSERT_EQ(g.windows.size(), 1u);
  EXPECT_EQ(g.windows[0], std::make_pair(0 * kSec, 10 * kSec));
}

TEST(WindowFunctionsTest, RowAlignedEvaluationForTumblingWindows) {
  auto batch = Times({Value::Int(7), Value::Null(), Value::Int(12)});
  ASSERT_OK_AND_ASSIGN(ExprPtr e, Call("window", {Col(*batch, 0), Str("5 seconds")}));
  std::vector<Value> values = Eval(e, *batch);
  ASSERT_EQ(values.size(), 3u);
  EXPECT_EQ(values[0], Value::MakeList({Value::Int(5 * kSec), Value::Int(10 * kSec)}));
  EXPECT_TRUE(values[1].is_null());
  EXPECT_EQ(values[2], Value::MakeList({Value::Int(10 * kSec), Value::Int(15 * kSec)}));
  ASSERT_OK_AND_ASSIGN(ExprPtr sliding, Call("window", {Col(*batch, 0), Str("10 seconds"), Str("5 seconds")}));
  EvalContext ctx;
  auto r = sliding->Evaluate(*batch, ctx);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("several windows"), std::string::npos) << r.status().message();
}

TEST(WindowFunctionsTest, SessionWindowIsTimePlusGap) {
  auto batch = Times({Value::Int(7), Value::Null()});
  ASSERT_OK_AND_ASSIGN(ExprPtr e, Call("session_window", {Col(*batch, 0), Str("10 seconds")}));
  EXPECT_TRUE(dynamic_cast<const TimeWindowExpr&>(*e).is_session());
  EXPECT_EQ(e->ToString(), "session_window(ts#0, 10 seconds)");
  Generated g = RunWindows(e, *batch);
  ASSERT_EQ(g.windows.size(), 1u);
  EXPECT_EQ(g.windows[0], std::make_pair(7 * kSec, 17 * kSec));

  ASSERT_OK_AND_ASSIGN(ExprPtr zero, Call("session_window", {Col(*batch, 0), Str("0 seconds")}));
  EXPECT_TRUE(RunWindows(zero, *batch).windows.empty());
  ASSERT_OK_AND_ASSIGN(ExprPtr null_gap, Call("session_window", {Col(*batch, 0), Null(DataType::String())}));
  EXPECT_TRUE(RunWindows(null_gap, *batch).windows.empty());
  EXPECT_NE(BindError("session_window", {Col(*batch, 0), Str("five")}).find("CANNOT_PARSE_INTERVAL"), std::string::npos);
  EXPECT_NE(BindError("session_window", {Col(*batch, 0), Dbl(1.5)}).find("UNEXPECTED_INPUT_TYPE"), std::string::npos);
}

TEST(WindowFunctionsTest, SessionWindowWithPerRowGap) {
  auto batch = Rows("ts TIMESTAMP, gap STRING", {{Value::Int(1 * kSec), Value::String("5 seconds")},
                                                  {Value::Int(2 * kSec), Value::Null()},
                                                  {Value::Int(3 * kSec), Value::String("-1 second")},
                                                  {Value::Int(4 * kSec), Value::String("not an interval")},
                                                  {Value::Int(5 * kSec), Value::String("1 month")},
                                                  {Value::Int(6 * kSec), Value::String("5 seconds")}});
  ASSERT_OK_AND_ASSIGN(ExprPtr e, Call("session_window", {Col(*batch, 0), Col(*batch, 1)}));
  Generated g = RunWindows(e, *batch);
  EXPECT_EQ(g.rows, (std::vector<int32_t>{0, 5}));
  ASSERT_EQ(g.windows.size(), 2u);
  EXPECT_EQ(g.windows[0], std::make_pair(1 * kSec, 6 * kSec));
  EXPECT_EQ(g.windows[1], std::make_pair(6 * kSec, 11 * kSec));
}

}  // namespace
}  // namespace sluice::expr
