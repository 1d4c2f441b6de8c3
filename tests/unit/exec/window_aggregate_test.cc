// An aggregation grouped by a tumbling or sliding window generates the windows itself
// (AggregateOperator with a window Generate node). It must give exactly what the plain
// GenerateOperator -> AggregateOperator pipeline gives: the same rows in the same
// order, late-row counts and late rows, and the same state store contents.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <random>
#include <tuple>

#include "sluice/exec/aggregate.h"
#include "sluice/exec/basic_operators.h"
#include "sluice/exec/physical_plan.h"
#include "sluice/expr/function_registry.h"
#include "sluice/expr/functions/window_functions.h"
#include "sluice/state/memory_state_store.h"
#include "test_util.h"

namespace sluice::exec {
namespace {

using types::Value;

constexpr int64_t kSec = 1000000;

// Feeds the batches set before each Execute call.
class FeedOperator : public Operator {
 public:
  Result<PartitionedData> Execute(BatchContext&) override { return std::move(next_); }
  PartitionedData next_;
};

// Input rows: (key BIGINT, ts TIMESTAMP, v BIGINT); ts in seconds, -1 for NULL.
types::SchemaPtr InputSchema() {
  return std::make_shared<types::Schema>(std::vector<types::StructField>{
      {"key", types::DataType::Bigint(), true}, {"ts", types::DataType::Timestamp(), true},
      {"v", types::DataType::Bigint(), true}});
}

types::BatchPtr Input(const std::vector<std::pair<int64_t, int64_t>>& rows) {
  std::vector<types::Row> out;
  for (const auto& [key, t] : rows) {
    out.push_back({Value::Int(key), t < 0 ? Value() : Value::Int(t * kSec), Value::Int(key * 100 + t)});
  }
  return types::Batch::FromRows(InputSchema(), out);
}

// Generate(window(ts, duration, slide, start)) over the input, then GROUP BY window,
// key with count(*) and sum(v); the window carries a watermark delay.
struct WindowPlan {
  plan::PlanNode generate;
  plan::PlanNode aggregate;
};

WindowPlan MakePlan(int64_t duration, int64_t slide, int64_t start) {
  WindowPlan p;
  auto schema = InputSchema();
  p.generate.kind = plan::NodeKind::kGenerate;
  p.generate.streaming = true;
  for (const auto& f : schema->fields()) p.generate.output.push_back({f.name, f.type, "", true, std::nullopt});
  p.generate.output[1].watermark_delay_micros = 0;
  p.generate.output.push_back({"window", expr::TimeWindowType(), "", true, 0});
  p.generate.generator = std::make_shared<expr::TimeWindowExpr>(expr::MakeColumnRef(1, schema->field(1).type, "ts"),
                                                                 duration * kSec, slide * kSec, start * kSec);
  p.aggregate.kind = plan::NodeKind::kAggregate;
  p.aggregate.streaming = true;
  p.aggregate.group_exprs = {expr::MakeColumnRef(3, expr::TimeWindowType(), "window"),
                             expr::MakeColumnRef(0, schema->field(0).type, "key")};
  auto v = expr::MakeColumnRef(2, schema->field(2).type, "v");
  p.aggregate.aggregates.push_back(expr::FindFunction("count")->aggregate({}, false, "count(1)").value());
  p.aggregate.aggregates.push_back(expr::FindFunction("sum")->aggregate({v}, false, "sum(v)").value());
  p.aggregate.output.push_back({"window", expr::TimeWindowType(), "", true, 0});
  p.aggregate.output.push_back({"key", types::DataType::Bigint(), "", true, std::nullopt});
  p.aggregate.output.push_back({"count(1)", types::DataType::Bigint(), "", false, std::nullopt});
  p.aggregate.output.push_back({"sum(v)", types::DataType::Bigint(), "", true, std::nullopt});
  return p;
}

std::string RowText(const types::Batch& b, int64_t r) {
  std::string out;
  for (size_t c = 0; c < b.num_columns(); ++c) out += b.GetValue(c, r).ToString(*b.schema()->field(c).type, TimeZone{}) + " ";
  return out;
}

// One operator under test, with its own state directory.
struct Runner {
  Runner(const WindowPlan& plan, bool fused, int partitions, const std::string& dir) {
    if (fused) {
      op = std::make_unique<AggregateOperator>(plan.aggregate, 0, partitions, true, &plan.generate);
      auto feed_op = std::make_unique<FeedOperator>();
      feed = feed_op.get();
      op->AddChild(std::move(feed_op));
    } else {
      op = std::make_unique<AggregateOperator>(plan.aggregate, 0, partitions, true);
      auto generate = std::make_unique<GenerateOperator>(plan.generate.generator, plan.generate.OutputSchema());
      auto feed_op = std::make_unique<FeedOperator>();
      feed = feed_op.get();
      generate->AddChild(std::move(feed_op));
      op->AddChild(std::move(generate));
    }
    StateContext state;
    state.checkpoint_state_dir = dir;
    state.provider = &provider;
    EXPECT_OK(op->Open(state));
  }

  // Output rows in order, then the late rows, then the progress counters.
  std::vector<std::string> Run(OutputMode mode, const std::vector<types::BatchPtr>& partitions, int64_t late_wm,
                               int64_t evict_wm) {
    feed->next_.clear();
    for (const auto& b : partitions) feed->next_.push_back({b});
    BatchContext ctx;
    ctx.output_mode = mode;
    ctx.watermark_for_late_rows = late_wm;
    ctx.watermark_for_eviction = evict_wm;
    ctx.late_rows_operator = 0;
    auto out = op->Execute(ctx);
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    if (!out.ok()) return {};
    EXPECT_OK(op->CommitState(++version, nullptr));
    std::vector<std::string> rows;
    for (const auto& b : Flatten(*out)) {
      for (int64_t r = 0; r < b->num_rows(); ++r) rows.push_back(RowText(*b, r));
    }
    rows.push_back("-- late");
    for (const auto& b : ctx.late_rows) {
      for (int64_t r = 0; r < b->num_rows(); ++r) rows.push_back(RowText(*b, r));
    }
    std::vector<StateOperatorProgress> progress;
    op->CollectStateProgress(&progress);
    rows.push_back("-- total " + std::to_string(progress[0].num_rows_total) + " updated " +
                   std::to_string(progress[0].num_rows_updated) + " removed " +
                   std::to_string(progress[0].num_rows_removed) + " dropped " +
                   std::to_string(progress[0].num_rows_dropped_by_watermark));
    return rows;
  }

  state::MemoryStateStoreProvider provider;
  std::unique_ptr<AggregateOperator> op;
  FeedOperator* feed = nullptr;
  int64_t version = 0;
};

// Every key-value pair of every state store under `dir`.
std::map<std::string, std::string> StateContents(state::StateStoreProvider& provider, const std::string& dir,
                                                 int partitions, int64_t version) {
  std::map<std::string, std::string> out;
  for (int p = 0; p < partitions; ++p) {
    auto store = provider.Load(dir + "/0/" + std::to_string(p), version);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    if (!store.ok()) continue;
    (*store)->ForEach([&](std::string_view k, std::string_view v) {
      out[std::to_string(p) + ":" + std::string(k)] = std::string(v);
    });
  }
  return out;
}

struct Step {
  OutputMode mode;
  std::vector<types::BatchPtr> partitions;
  int64_t late_wm;
  int64_t evict_wm;
};

class WindowAggregateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (std::filesystem::temp_directory_path() /
            ("sluice-window-aggregate-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name()))
               .string();
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Runs `steps` through the fused and the plain operator with 1 and 3 partitions and
  // expects identical results; returns the output of the fused one-partition run.
  std::vector<std::vector<std::string>> ExpectSameAsGenerate(const WindowPlan& plan, const std::vector<Step>& steps) {
    std::vector<std::vector<std::string>> first;
    for (int partitions : {1, 3}) {
      Runner fused(plan, true, partitions, dir_ + "/fused" + std::to_string(partitions));
      Runner plain(plan, false, partitions, dir_ + "/plain" + std::to_string(partitions));
      for (size_t s = 0; s < steps.size(); ++s) {
        const Step& step = steps[s];
        auto got = fused.Run(step.mode, step.partitions, step.late_wm, step.evict_wm);
        EXPECT_EQ(got, plain.Run(step.mode, step.partitions, step.late_wm, step.evict_wm))
            << "step " << s << ", " << partitions << " partitions";
        if (partitions == 1) first.push_back(got);
      }
      EXPECT_EQ(StateContents(fused.provider, dir_ + "/fused" + std::to_string(partitions), partitions,
                              fused.version),
                StateContents(plain.provider, dir_ + "/plain" + std::to_string(partitions), partitions,
                              plain.version));
    }
    return first;
  }

  std::string dir_;
};

// Many rows: more than one generated chunk per batch.
types::BatchPtr ManyRows(int64_t first_second, int64_t num_rows) {
  std::vector<std::pair<int64_t, int64_t>> rows;
  for (int64_t i = 0; i < num_rows; ++i) rows.push_back({(i * 7919) % 53, first_second + i / 1000});
  return Input(rows);
}

TEST_F(WindowAggregateTest, TumblingWindowsMatchGenerateThenAggregate) {
  const WindowPlan plan = MakePlan(10, 10, 0);
  auto out = ExpectSameAsGenerate(
      plan, {
                {OutputMode::kAppend, {ManyRows(0, 9000), Input({{1, 3}, {2, -1}, {1, 14}})}, 0, 0},
                // Rows before the watermark (20 s): windows ending at or before 20 s are late.
                {OutputMode::kAppend, {Input({{1, 5}, {1, 21}, {3, 19}}), ManyRows(20, 5000)}, 20 * kSec, 20 * kSec},
                {OutputMode::kAppend, {}, 20 * kSec, 30 * kSec},
            });
  // The first batch emits nothing in append mode; the rows of 3 s and 14 s (key 1)
  // count in windows [0, 10) and [10, 20), closed by the watermark of 20 s.
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].front(), "-- late");
  EXPECT_NE(std::find(out[1].begin(), out[1].end(), "-- late"), out[1].begin());
}

TEST_F(WindowAggregateTest, SlidingWindowsMatchGenerateThenAggregate) {
  for (auto [duration, slide, start] : {std::tuple{10, 5, 0}, std::tuple{10, 3, 1}, std::tuple{7, 7, -2}}) {
    SCOPED_TRACE(std::to_string(duration) + "/" + std::to_string(slide) + "/" + std::to_string(start));
    const WindowPlan plan = MakePlan(duration, slide, start);
    ExpectSameAsGenerate(plan, {
                                   {OutputMode::kUpdate, {ManyRows(0, 3000), Input({{5, -1}, {5, 2}})}, 0, 0},
                                   {OutputMode::kUpdate, {Input({{5, 1}, {6, 4}}), ManyRows(4, 2000)}, 6 * kSec,
                                    6 * kSec},
                                   {OutputMode::kAppend, {ManyRows(9, 1000)}, 8 * kSec, 12 * kSec},
                               });
  }
}

TEST_F(WindowAggregateTest, CompleteModeKeepsLateRows) {
  const WindowPlan plan = MakePlan(10, 10, 0);
  ExpectSameAsGenerate(plan, {
                                 {OutputMode::kComplete, {Input({{1, 25}, {2, 31}})}, 0, 0},
                                 {OutputMode::kComplete, {Input({{1, 3}})}, 30 * kSec, 30 * kSec},
                             });
}

// TimeWindowExpr::Generate against Spark's definition, enumerated by brute force: the
// windows [start + k * slide, + duration) that contain ts, the latest first.
TEST(WindowGenerateTest, MatchesTheDefinition) {
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 200; ++trial) {
    const int64_t slide = 1 + static_cast<int64_t>(rng() % 7);
    const int64_t duration = slide * (1 + static_cast<int64_t>(rng() % 4)) + static_cast<int64_t>(rng() % 3);
    const int64_t start = static_cast<int64_t>(rng() % (2 * slide - 1)) - (slide - 1);
    auto time = std::make_shared<types::Column>(types::DataType::Timestamp());
    for (int i = 0; i < 50; ++i) {
      if (rng() % 10 == 0) {
        time->AppendNull();
      } else {
        time->AppendInt64(static_cast<int64_t>(rng() % 60) - 30 + (i / 5));
      }
    }
    auto schema = std::make_shared<types::Schema>(
        std::vector<types::StructField>{{"ts", types::DataType::Timestamp(), true}});
    types::Batch batch(schema, {time}, time->size());
    expr::TimeWindowExpr window(expr::MakeColumnRef(0, types::DataType::Timestamp(), "ts"), duration, slide, start);
    std::vector<int32_t> rows;
    types::ColumnPtr windows;
    expr::EvalContext eval;
    ASSERT_OK(window.Generate(batch, eval, &rows, &windows));
    std::vector<std::tuple<int32_t, int64_t, int64_t>> got, want;
    for (size_t k = 0; k < rows.size(); ++k) {
      got.emplace_back(rows[k], windows->child(0)->data<int64_t>()[k], windows->child(1)->data<int64_t>()[k]);
    }
    for (int32_t i = 0; i < static_cast<int32_t>(time->size()); ++i) {
      if (time->IsNull(i)) continue;
      const int64_t ts = time->data<int64_t>()[i];
      for (int64_t k = 100; k >= -100; --k) {
        const int64_t begin = start + k * slide;
        if (begin <= ts && ts < begin + duration) want.emplace_back(i, begin, begin + duration);
      }
    }
    ASSERT_EQ(got, want) << "duration " << duration << " slide " << slide << " start " << start;
  }
}

// The factory fuses Generate into the aggregation only when the window column is a
// bare grouping key and every expression is deterministic.
TEST(WindowAggregateFactoryTest, FusesOnlyWhenTheWindowIsJustAGroupingKey) {
  auto build = [](std::function<void(WindowPlan&)> edit) {
    WindowPlan p = MakePlan(10, 10, 0);
    edit(p);
    auto scan = std::make_shared<plan::PlanNode>();
    scan->kind = plan::NodeKind::kScan;
    scan->streaming = true;
    auto relation = std::make_shared<plan::RelationInfo>();
    relation->name = "events";
    relation->schema = InputSchema();
    scan->relation = relation;
    scan->output = std::vector<plan::Attribute>(p.generate.output.begin(), p.generate.output.end() - 1);
    p.generate.children = {scan};
    auto aggregate = std::make_shared<plan::PlanNode>(p.aggregate);
    aggregate->children = {std::make_shared<plan::PlanNode>(p.generate)};
    auto physical = BuildPhysicalPlan(aggregate, 2);
    EXPECT_TRUE(physical.ok()) << physical.status().ToString();
    const Operator& child = *physical->root->children().at(0);
    return dynamic_cast<const ScanOperator*>(&child) != nullptr;
  };
  EXPECT_TRUE(build([](WindowPlan&) {}));
  // max(window): the window column is an aggregate argument too.
  EXPECT_FALSE(build([](WindowPlan& p) {
    auto w = expr::MakeColumnRef(3, expr::TimeWindowType(), "window");
    p.aggregate.aggregates.push_back(expr::FindFunction("max")->aggregate({w}, false, "max(window)").value());
    p.aggregate.output.push_back({"max(window)", expr::TimeWindowType(), "", true, std::nullopt});
  }));
  // sum(rand()): a nondeterministic argument depends on how rows are split into batches.
  EXPECT_FALSE(build([](WindowPlan& p) {
    auto r = expr::FindFunction("rand")->scalar({}, "rand()").value();
    p.aggregate.aggregates.push_back(expr::FindFunction("sum")->aggregate({r}, false, "sum(rand())").value());
    p.aggregate.output.push_back({"sum(rand())", types::DataType::Double(), "", true, std::nullopt});
  }));
}

}  // namespace
}  // namespace sluice::exec
