#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sluice/common/time.h"
#include "sluice/connectors/rate/rate_source.h"
#include "test_util.h"

namespace sluice::connectors {
namespace {

using types::Row;
using types::Value;

// 2023-11-14 22:13:20.123 UTC.
constexpr int64_t kStartMillis = 1700000000123;

std::unique_ptr<RateSource> MakeRate(const Clock* clock, int64_t rows_per_second, int32_t partitions,
                                     int64_t ramp_up_seconds = 0, std::string dir = "") {
  RateSourceConfig config;
  config.rows_per_second = rows_per_second;
  config.num_partitions = partitions;
  config.ramp_up_time_seconds = ramp_up_seconds;
  auto r = RateSource::Make(config, clock, std::move(dir));
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return std::move(r).value();
}

// (value, timestamp millis) pairs of one partition.
std::vector<std::pair<int64_t, int64_t>> Pairs(const types::BatchPtr& batch) {
  std::vector<std::pair<int64_t, int64_t>> out;
  for (const Row& row : batch->ToRows()) out.emplace_back(row[1].int_value(), row[0].int_value() / kMicrosPerMilli);
  return out;
}

class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("sluice_rate_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string path() const { return (path_ / "sources" / "0").string(); }

 private:
  std::filesystem::path path_;
};

TEST(RateSourceTest, ValueAtSecondMatchesSpark) {
  // The assertions of Spark's RateStreamProviderSuite "valueAtSecond".
  EXPECT_EQ(RateValueAtSecond(0, 5, 0), 0);
  EXPECT_EQ(RateValueAtSecond(1, 5, 0), 5);
  EXPECT_EQ(RateValueAtSecond(0, 5, 2), 0);
  EXPECT_EQ(RateValueAtSecond(1, 5, 2), 1);
  EXPECT_EQ(RateValueAtSecond(2, 5, 2), 3);
  EXPECT_EQ(RateValueAtSecond(3, 5, 2), 8);
  EXPECT_EQ(RateValueAtSecond(0, 10, 4), 0);
  EXPECT_EQ(RateValueAtSecond(1, 10, 4), 2);
  EXPECT_EQ(RateValueAtSecond(2, 10, 4), 6);
  EXPECT_EQ(RateValueAtSecond(3, 10, 4), 12);
  EXPECT_EQ(RateValueAtSecond(4, 10, 4), 20);
  EXPECT_EQ(RateValueAtSecond(5, 10, 4), 30);
  EXPECT_EQ(RateValueAtSecond(6, 10, 4), 40);
}

TEST(RateSourceTest, OffsetsAreElapsedSecondsOnTheManualClock) {
  ManualClock clock(kStartMillis * kMicrosPerMilli);
  auto source = MakeRate(&clock, 5, 2);
  ASSERT_OK_AND_ASSIGN(Offset first, source->LatestOffset(Offset(), ReadLimit{}));
  EXPECT_EQ(first, Offset(0));
  ASSERT_OK_AND_ASSIGN(int64_t start, source->StartTimeMillis());
  EXPECT_EQ(start, kStartMillis);
  clock.Advance(999 * kMicrosPerMilli);
  ASSERT_OK_AND_ASSIGN(Offset still, source->LatestOffset(Offset(0), ReadLimit{}));
  EXPECT_EQ(still, Offset(0));
  clock.Advance(1 * kMicrosPerMilli);
  ASSERT_OK_AND_ASSIGN(Offset one, source->LatestOffset(Offset(0), ReadLimit{}));
  EXPECT_EQ(one, Offset(1));
  clock.Advance(2500 * kMicrosPerMilli);
  ASSERT_OK_AND_ASSIGN(Offset three, source->LatestOffset(Offset(1), ReadLimit{}));
  EXPECT_EQ(three, Offset(3));
}

TEST(RateSourceTest, RowsSplitRoundRobinOverPartitionsWithSparkTimestamps) {
  ManualClock clock(kStartMillis * kMicrosPerMilli);
  auto source = MakeRate(&clock, 5, 2);
  ASSERT_OK(source->LatestOffset(Offset(), ReadLimit{}).status());
  clock.Advance(kMicrosPerSecond);
  ASSERT_OK_AND_ASSIGN(auto batches, source->GetBatch(Offset(), Offset(1)));
  ASSERT_EQ(batches.size(), 2u);
  EXPECT_EQ(batches[0]->schema()->ToString(), "timestamp TIMESTAMP, value BIGINT");
  using P = std::vector<std::pair<int64_t, int64_t>>;
  EXPECT_EQ(Pairs(batches[0]), (P{{0, kStartMillis}, {2, kStartMillis + 400}, {4, kStartMillis + 800}}));
  EXPECT_EQ(Pairs(batches[1]), (P{{1, kStartMillis + 200}, {3, kStartMillis + 600}}));

  // The next two seconds: partition p gets rangeStart + p + k * numPartitions.
  ASSERT_OK_AND_ASSIGN(auto next, source->GetBatch(Offset(1), Offset(3)));
  ASSERT_EQ(next.size(), 2u);
  EXPECT_EQ(Pairs(next[0]), (P{{5, kStartMillis + 1000},
                               {7, kStartMillis + 1400},
                               {9, kStartMillis + 1800},
                               {11, kStartMillis + 2200},
                               {13, kStartMillis + 2600}}));
  EXPECT_EQ(Pairs(next[1]).front(), (std::pair<int64_t, int64_t>{6, kStartMillis + 1200}));
  EXPECT_EQ(next[1]->num_rows(), 5);

  // An empty range yields no partitions (Spark returns no input partitions).
  ASSERT_OK_AND_ASSIGN(auto none, source->GetBatch(Offset(3), Offset(3)));
  EXPECT_TRUE(none.empty());
}

TEST(RateSourceTest, MorePartitionsThanRowsGiveEmptyPartitions) {
  ManualClock clock(kStartMillis * kMicrosPerMilli);
  auto source = MakeRate(&clock, 2, 3);
  ASSERT_OK_AND_ASSIGN(auto batches, source->GetBatch(Offset(0), Offset(1)));
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(batches[0]->num_rows(), 1);
  EXPECT_EQ(batches[1]->num_rows(), 1);
  EXPECT_EQ(batches[2]->num_rows(), 0);
}

TEST(RateSourceTest, RampUpSpreadsTimestampsOverTheBatch) {
  ManualClock clock(kStartMillis * kMicrosPerMilli);
  auto source = MakeRate(&clock, 10, 1, /*ramp_up_seconds=*/4);
  ASSERT_OK_AND_ASSIGN(auto batches, source->GetBatch(Offset(), Offset(2)));
  ASSERT_EQ(batches.size(), 1u);
  // Values 0..5 over 2000 ms: relativeMsPerValue = 333.33, rounded like Java's Math.round.
  using P = std::vector<std::pair<int64_t, int64_t>>;
  EXPECT_EQ(Pairs(batches[0]), (P{{0, kStartMillis},
                                  {1, kStartMillis + 333},
                                  {2, kStartMillis + 667},
                                  {3, kStartMillis + 1000},
                                  {4, kStartMillis + 1333},
                                  {5, kStartMillis + 1667}}));
  ASSERT_OK_AND_ASSIGN(auto later, source->GetBatch(Offset(4), Offset(6)));
  EXPECT_EQ(later[0]->num_rows(), 20);  // values 20..39 at full speed
  EXPECT_EQ(later[0]->GetValue(1, 0), Value::Int(20));
  EXPECT_EQ(later[0]->GetValue(0, 1), Value::Int((kStartMillis + 4000 + 100) * kMicrosPerMilli));
}

TEST(RateSourceTest, MaxRowsCapsInWholeSeconds) {
  ManualClock clock(kStartMillis * kMicrosPerMilli);
  auto source = MakeRate(&clock, 10, 1);
  ASSERT_OK(source->LatestOffset(Offset(), ReadLimit{}).status());
  clock.Advance(5 * kMicrosPerSecond);
  ReadLimit limit;
  limit.max_rows = 25;
  ASSERT_OK_AND_ASSIGN(Offset capped, source->LatestOffset(Offset(), limit));
  EXPECT_EQ(capped, Offset(2));
  limit.max_rows = 5;  // a second is never split: at least one second is taken
  ASSERT_OK_AND_ASSIGN(Offset one, source->LatestOffset(Offset(2), limit));
  EXPECT_EQ(one, Offset(3));
  ASSERT_OK_AND_ASSIGN(Offset all, source->LatestOffset(Offset(3), ReadLimit{}));
  EXPECT_EQ(all, Offset(5));
}

TEST(RateSourceTest, ClockBehindTheCommittedOffsetNeverMovesItBack) {
  ManualClock clock(kStartMillis * kMicrosPerMilli);
  auto source = MakeRate(&clock, 1, 1);
  ASSERT_OK_AND_ASSIGN(Offset latest, source->LatestOffset(Offset(7), ReadLimit{}));
  EXPECT_EQ(latest, Offset(7));
  // Replaying a recovered batch fixes the source's notion of time, as Spark's lastTimeMs.
  ASSERT_OK(source->GetBatch(Offset(7), Offset(9)).status());
  ASSERT_OK_AND_ASSIGN(Offset after, source->LatestOffset(Offset(9), ReadLimit{}));
  EXPECT_EQ(after, Offset(9));
}

TEST(RateSourceTest, RestartContinuesTheSequenceFromTheCheckpoint) {
  TempDir dir;
  ManualClock clock(kStartMillis * kMicrosPerMilli);
  {
    auto source = MakeRate(&clock, 5, 1, 0, dir.path());
    ASSERT_OK(source->LatestOffset(Offset(), ReadLimit{}).status());
    clock.Advance(3 * kMicrosPerSecond);
    ASSERT_OK_AND_ASSIGN(auto batches, source->GetBatch(Offset(), Offset(3)));
    EXPECT_EQ(batches[0]->num_rows(), 15);
  }
  std::ifstream in(dir.path() + "/0");
  std::stringstream contents;
  contents << in.rdbuf();
  EXPECT_EQ(contents.str(), "v1\n" + std::to_string(kStartMillis));  // Spark's metadata log layout

  // The restarted source keeps the original start time even though the clock moved on.
  clock.Advance(7 * kMicrosPerSecond);
  auto restarted = MakeRate(&clock, 5, 1, 0, dir.path());
  ASSERT_OK_AND_ASSIGN(int64_t start, restarted->StartTimeMillis());
  EXPECT_EQ(start, kStartMillis);
  ASSERT_OK_AND_ASSIGN(Offset latest, restarted->LatestOffset(Offset(3), ReadLimit{}));
  EXPECT_EQ(latest, Offset(10));
  ASSERT_OK_AND_ASSIGN(auto batches, restarted->GetBatch(Offset(3), latest));
  ASSERT_EQ(batches[0]->num_rows(), 35);
  EXPECT_EQ(batches[0]->GetValue(1, 0), Value::Int(15));
  EXPECT_EQ(batches[0]->GetValue(0, 0), Value::Int((kStartMillis + 3000) * kMicrosPerMilli));
}

TEST(RateSourceTest, UnreadableStartTimeFileIsCorruption) {
  TempDir dir;
  std::filesystem::create_directories(dir.path());
  std::ofstream(dir.path() + "/0") << "garbage";
  ManualClock clock(0);
  auto source = MakeRate(&clock, 5, 1, 0, dir.path());
  auto r = source->LatestOffset(Offset(), ReadLimit{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_NE(r.status().message().find(dir.path() + "/0"), std::string::npos) << r.status().message();

  std::ofstream(dir.path() + "/0", std::ios::trunc) << "v9\n123";
  auto newer = MakeRate(&clock, 5, 1, 0, dir.path())->LatestOffset(Offset(), ReadLimit{});
  ASSERT_FALSE(newer.ok());
  EXPECT_NE(newer.status().message().find("maximum supported is v1"), std::string::npos);
}

TEST(RateSourceTest, BadOffsetsAndRanges) {
  ManualClock clock(0);
  auto source = MakeRate(&clock, 5, 1);
  auto inverted = source->GetBatch(Offset(3), Offset(1));
  ASSERT_FALSE(inverted.ok());
  EXPECT_NE(inverted.status().message().find("start offset 3 is after end offset 1"), std::string::npos);
  auto garbage = source->GetBatch(Offset(), Offset("soon"));
  ASSERT_FALSE(garbage.ok());
  EXPECT_EQ(garbage.status().code(), StatusCode::kCorruption);
}

TEST(RateSourceTest, OverflowingRampUpIsRejectedLikeSpark) {
  RateSourceConfig config;
  config.rows_per_second = int64_t{1} << 62;
  config.ramp_up_time_seconds = 3;
  auto r = RateSource::Make(config, nullptr, "");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("Integer overflow. Max offset with"), std::string::npos);
}

TEST(RateSourceTest, AvailableNowFixesTheEnd) {
  ManualClock clock(kStartMillis * kMicrosPerMilli);
  auto source = MakeRate(&clock, 1, 1);
  ASSERT_OK(source->LatestOffset(Offset(), ReadLimit{}).status());
  clock.Advance(2 * kMicrosPerSecond);
  source->PrepareForAvailableNow();
  clock.Advance(5 * kMicrosPerSecond);
  ASSERT_OK_AND_ASSIGN(Offset end, source->LatestOffset(Offset(), ReadLimit{}));
  EXPECT_EQ(end, Offset(2));
}

}  // namespace
}  // namespace sluice::connectors
