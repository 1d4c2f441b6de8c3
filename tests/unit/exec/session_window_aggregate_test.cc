#include "sluice/exec/session_window_aggregate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

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

// Input rows: (user STRING, session STRUCT<start, end>, value BIGINT); sessions are
// [t, t + 5 seconds) as the session_window Generate node would produce them.
types::SchemaPtr InputSchema() {
  return std::make_shared<types::Schema>(std::vector<types::StructField>{
      {"user", types::DataType::String(), true},
      {"session_window", expr::TimeWindowType(), true},
      {"value", types::DataType::Bigint(), true}});
}

types::BatchPtr Input(const std::vector<std::pair<std::string, int64_t>>& rows) {
  std::vector<types::Row> out;
  for (const auto& [user, t] : rows) {
    out.push_back({Value::String(user), Value::MakeList({Value::Int(t * kSec), Value::Int((t + 5) * kSec)}),
                   Value::Int(t)});
  }
  return types::Batch::FromRows(InputSchema(), out);
}

// GROUP BY user, session_window with count(value), sum(value); the session key has a
// watermark delay when `watermarked`.
plan::PlanNode SessionNode(bool watermarked) {
  plan::PlanNode node;
  node.kind = plan::NodeKind::kAggregate;
  node.streaming = true;
  auto schema = InputSchema();
  node.group_exprs = {expr::MakeColumnRef(0, schema->field(0).type, "user"),
                      expr::MakeColumnRef(1, schema->field(1).type, "session_window")};
  node.session_window_key = 1;
  auto value = expr::MakeColumnRef(2, schema->field(2).type, "value");
  node.aggregates.push_back(expr::FindFunction("count")->aggregate({value}, false, "count(value)").value());
  node.aggregates.push_back(expr::FindFunction("sum")->aggregate({value}, false, "sum(value)").value());
  node.output.push_back({"user", schema->field(0).type, "", true, std::nullopt});
  node.output.push_back({"session_window", schema->field(1).type, "", true,
                         watermarked ? std::optional<int64_t>(0) : std::nullopt});
  node.output.push_back({"count(value)", types::DataType::Bigint(), "", true, std::nullopt});
  node.output.push_back({"sum(value)", types::DataType::Bigint(), "", true, std::nullopt});
  return node;
}

// "user start end count sum" lines (seconds), sorted.
std::vector<std::string> Rows(const PartitionedData& data) {
  std::vector<std::string> out;
  for (const auto& b : Flatten(data)) {
    for (int64_t r = 0; r < b->num_rows(); ++r) {
      const types::Column& session = *b->column(1);
      out.push_back(std::string(b->column(0)->GetString(r)) + " " +
                    std::to_string(session.child(0)->data<int64_t>()[r] / kSec) + " " +
                    std::to_string(session.child(1)->data<int64_t>()[r] / kSec) + " " +
                    std::to_string(b->column(2)->data<int64_t>()[r]) + " " +
                    std::to_string(b->column(3)->data<int64_t>()[r]));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

class SessionWindowAggregateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (std::filesystem::temp_directory_path() /
            ("sluice-session-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name()))
               .string();
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // A fresh operator over `provider`, loaded at `version`.
  std::unique_ptr<SessionWindowAggregateOperator> Make(bool watermarked, state::StateStoreProvider* provider,
                                                       int64_t version, int partitions = 2) {
    auto op = std::make_unique<SessionWindowAggregateOperator>(SessionNode(watermarked), 0, partitions, true);
    auto feed = std::make_unique<FeedOperator>();
    feed_ = feed.get();
    op->AddChild(std::move(feed));
    StateContext state;
    state.checkpoint_state_dir = dir_;
    state.version = version;
    state.provider = provider;
    EXPECT_OK(op->Open(state));
    return op;
  }

  // Runs one batch where each element of `partitions` is one input partition.
  std::vector<std::string> RunBatch(SessionWindowAggregateOperator& op, OutputMode mode,
                                    const std::vector<types::BatchPtr>& partitions, int64_t late_wm = INT64_MIN,
                                    int64_t evict_wm = INT64_MIN) {
    feed_->next_.clear();
    for (const auto& b : partitions) feed_->next_.push_back({b});
    BatchContext ctx;
    ctx.output_mode = mode;
    ctx.watermark_for_late_rows = late_wm;
    ctx.watermark_for_eviction = evict_wm;
    auto out = op.Execute(ctx);
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    if (!out.ok()) return {};
    EXPECT_OK(op.CommitState(++version_, nullptr));
    return Rows(*out);
  }

  StateOperatorProgress Progress(const SessionWindowAggregateOperator& op) {
    std::vector<StateOperatorProgress> p;
    op.CollectStateProgress(&p);
    return p.at(0);
  }

  std::string dir_;
  FeedOperator* feed_ = nullptr;
  int64_t version_ = 0;
};

TEST_F(SessionWindowAggregateTest, UpdateModeEmitsNewAndMergedSessions) {
  state::MemoryStateStoreProvider provider;
  auto op = Make(false, &provider, 0);
  EXPECT_EQ(RunBatch(*op, OutputMode::kUpdate, {Input({{"a", 10}, {"a", 20}, {"b", 10}})}),
            (std::vector<std::string>{"a 10 15 1 10", "a 20 25 1 20", "b 10 15 1 10"}));
  // a@15 = [15, 20) touches both sessions of a and bridges them into one.
  EXPECT_EQ(RunBatch(*op, OutputMode::kUpdate, {Input({{"a", 15}})}),
            (std::vector<std::string>{"a 10 25 3 45"}));
  EXPECT_EQ(Progress(*op).num_rows_total, 2);
  EXPECT_EQ(Progress(*op).operator_name, "sessionWindowStateStoreSaveExec");
  // Rows of two input partitions that overlap each other and an existing session.
  EXPECT_EQ(RunBatch(*op, OutputMode::kUpdate, {Input({{"b", 17}}), Input({{"b", 13}, {"c", 1}})}),
            (std::vector<std::string>{"b 10 22 3 40", "c 1 6 1 1"}));
  EXPECT_EQ(Progress(*op).num_rows_total, 3);
}

TEST_F(SessionWindowAggregateTest, CompleteModeEmitsEverySessionEveryBatch) {
  state::MemoryStateStoreProvider provider;
  auto op = Make(true, &provider, 0);
  RunBatch(*op, OutputMode::kComplete, {Input({{"a", 10}, {"a", 30}})});
  // Complete mode neither drops late rows nor evicts.
  EXPECT_EQ(RunBatch(*op, OutputMode::kComplete, {Input({{"a", 1}})}, 100 * kSec, 100 * kSec),
            (std::vector<std::string>{"a 1 6 1 1", "a 10 15 1 10", "a 30 35 1 30"}));
}

TEST_F(SessionWindowAggregateTest, AppendModeEmitsClosedSessionsAndDropsLateRows) {
  state::MemoryStateStoreProvider provider;
  auto op = Make(true, &provider, 0);
  EXPECT_TRUE(RunBatch(*op, OutputMode::kAppend, {Input({{"a", 10}, {"a", 12}, {"b", 30}})}).empty());
  EXPECT_FALSE(op->NeedsNoDataBatch(INT64_MIN));
  EXPECT_TRUE(op->NeedsNoDataBatch(17 * kSec));
  // Eviction at 17: a's session [10, 17) closes; b's stays.
  EXPECT_EQ(RunBatch(*op, OutputMode::kAppend, {}, 0, 17 * kSec), (std::vector<std::string>{"a 10 17 2 22"}));
  EXPECT_FALSE(op->NeedsNoDataBatch(17 * kSec));
  // Late rows: sessions ending at or before 17 are dropped and counted per distinct
  // (key, session) within each input partition.
  EXPECT_TRUE(RunBatch(*op, OutputMode::kAppend, {Input({{"a", 11}, {"a", 11}, {"c", 12}}), Input({{"a", 11}})},
                       17 * kSec, 17 * kSec)
                  .empty());
  EXPECT_EQ(Progress(*op).num_rows_dropped_by_watermark, 3);
  EXPECT_EQ(Progress(*op).num_rows_total, 1);
}

TEST_F(SessionWindowAggregateTest, RestoresSessionsFromTheStateStore) {
  {
    state::MemoryStateStoreProvider provider;
    auto op = Make(true, &provider, 0, 3);
    RunBatch(*op, OutputMode::kUpdate, {Input({{"a", 10}, {"a", 20}, {"b", 1}, {"c", 40}})});
    RunBatch(*op, OutputMode::kUpdate, {Input({{"c", 50}})});
  }
  // A new provider reads the committed files (as after a process restart).
  state::MemoryStateStoreProvider provider;
  auto op = Make(true, &provider, version_, 3);
  EXPECT_EQ(Progress(*op).num_rows_total, 5);  // a: 2, b: 1, c: 2 sessions
  EXPECT_EQ(RunBatch(*op, OutputMode::kUpdate, {Input({{"a", 15}, {"c", 45}})}),
            (std::vector<std::string>{"a 10 25 3 45", "c 40 55 3 135"}));
  EXPECT_EQ(RunBatch(*op, OutputMode::kComplete, {}),
            (std::vector<std::string>{"a 10 25 3 45", "b 1 6 1 1", "c 40 55 3 135"}));
  // Eviction removes sessions from the store too: a later restart does not see them.
  RunBatch(*op, OutputMode::kAppend, {}, 0, 30 * kSec);
  state::MemoryStateStoreProvider provider2;
  auto again = Make(true, &provider2, version_, 3);
  EXPECT_EQ(RunBatch(*again, OutputMode::kComplete, {}), (std::vector<std::string>{"c 40 55 3 135"}));
}

}  // namespace
}  // namespace sluice::exec
