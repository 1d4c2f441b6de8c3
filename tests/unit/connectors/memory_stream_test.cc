#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

#include "sluice/connectors/memory/memory_source.h"
#include "sluice/connectors/memory/memory_stream.h"
#include "sluice/connectors/memory/memory_stream_registry.h"
#include "test_util.h"

namespace sluice::connectors {
namespace {

using types::Row;
using types::Value;

types::SchemaPtr ValueSchema() {
  auto schema = types::Schema::Parse("value BIGINT, name STRING");
  return std::make_shared<types::Schema>(*schema);
}

Row R(int64_t v, std::string name) { return {Value::Int(v), Value::String(std::move(name))}; }

std::vector<std::vector<Row>> RowsOf(const std::vector<types::BatchPtr>& batches) {
  std::vector<std::vector<Row>> out;
  for (const auto& b : batches) out.push_back(b->ToRows());
  return out;
}

TEST(MemoryStreamTest, EachAddDataIsOneOffsetLikeSparkLongOffset) {
  auto stream = std::make_shared<MemoryStream>(ValueSchema(), "events");
  EXPECT_EQ(stream->latest_offset(), std::nullopt);
  ASSERT_OK_AND_ASSIGN(int64_t first, stream->AddData({R(1, "a"), R(2, "b")}));
  EXPECT_EQ(first, 0);
  ASSERT_OK_AND_ASSIGN(int64_t empty, stream->AddData({}));
  EXPECT_EQ(empty, 1);  // an AddData with no rows still creates an offset
  ASSERT_OK_AND_ASSIGN(int64_t third, stream->AddData({R(3, "c")}));
  EXPECT_EQ(third, 2);
  EXPECT_EQ(stream->latest_offset(), 2);
  EXPECT_EQ(stream->num_rows(), 3);
}

TEST(MemoryStreamTest, SourceReturnsOneBatchPerAddDataAndReplaysOldRanges) {
  auto stream = std::make_shared<MemoryStream>(ValueSchema(), "events");
  MemorySource source(stream);
  ASSERT_OK_AND_ASSIGN(Offset none, source.LatestOffset(Offset(), ReadLimit{}));
  EXPECT_TRUE(none.is_null());

  ASSERT_OK(stream->AddData({R(1, "a"), R(2, "b")}).status());
  ASSERT_OK(stream->AddData({R(3, "c")}).status());
  ASSERT_OK_AND_ASSIGN(Offset latest, source.LatestOffset(Offset(), ReadLimit{}));
  EXPECT_EQ(latest, Offset(1));
  ASSERT_OK_AND_ASSIGN(auto batches, source.GetBatch(Offset(), latest));
  EXPECT_EQ(RowsOf(batches), (std::vector<std::vector<Row>>{{R(1, "a"), R(2, "b")}, {R(3, "c")}}));
  source.Commit(latest);

  ASSERT_OK(stream->AddData({}).status());
  ASSERT_OK(stream->AddData({R(4, "d")}).status());
  ASSERT_OK_AND_ASSIGN(Offset next, source.LatestOffset(latest, ReadLimit{}));
  EXPECT_EQ(next, Offset(3));
  ASSERT_OK_AND_ASSIGN(auto second, source.GetBatch(latest, next));
  ASSERT_EQ(second.size(), 2u);
  EXPECT_EQ(second[0]->num_rows(), 0);
  EXPECT_EQ(second[1]->ToRows(), (std::vector<Row>{R(4, "d")}));

  // A restarted query replays an old, committed range: the rows are still there.
  ASSERT_OK_AND_ASSIGN(auto replay, source.GetBatch(Offset(0), Offset(1)));
  EXPECT_EQ(RowsOf(replay), (std::vector<std::vector<Row>>{{R(3, "c")}}));
  // Offsets stored as strings by an older checkpoint still parse.
  ASSERT_OK_AND_ASSIGN(auto from_strings, source.GetBatch(Offset("0"), Offset("1")));
  EXPECT_EQ(from_strings.size(), 1u);
  // Nothing new: LatestOffset returns the start.
  ASSERT_OK_AND_ASSIGN(Offset same, source.LatestOffset(next, ReadLimit{}));
  EXPECT_EQ(same, next);
}

TEST(MemoryStreamTest, ManySourcesShareOneStream) {
  auto stream = std::make_shared<MemoryStream>(ValueSchema(), "shared");
  MemorySource first(stream), second(stream);
  ASSERT_OK(stream->AddData({R(1, "a")}).status());
  ASSERT_OK_AND_ASSIGN(auto a, first.GetBatch(Offset(), Offset(0)));
  ASSERT_OK_AND_ASSIGN(auto b, second.GetBatch(Offset(), Offset(0)));
  EXPECT_EQ(RowsOf(a), RowsOf(b));
  EXPECT_EQ(a[0].get(), b[0].get());  // shared, not copied
}

TEST(MemoryStreamTest, UnknownRangesAreErrors) {
  auto stream = std::make_shared<MemoryStream>(ValueSchema(), "events");
  MemorySource source(stream);
  ASSERT_OK(stream->AddData({R(1, "a")}).status());
  ASSERT_OK(stream->AddData({R(2, "a")}).status());
  auto beyond = source.GetBatch(Offset(0), Offset(7));
  ASSERT_FALSE(beyond.ok());
  EXPECT_EQ(beyond.status().message(),
            "memory stream 'events': offset range (0, 7] is not available (known offsets: 0..1)");
  auto inverted = source.GetBatch(Offset(1), Offset(0));
  ASSERT_FALSE(inverted.ok());
  EXPECT_NE(inverted.status().message().find("start offset 1 is after end offset 0"), std::string::npos);
  auto garbage = source.GetBatch(Offset(), Offset("x"));
  ASSERT_FALSE(garbage.ok());
  EXPECT_EQ(garbage.status().code(), StatusCode::kCorruption);
}

TEST(MemoryStreamTest, MaxRowsTakesWholeAddDataCalls) {
  auto stream = std::make_shared<MemoryStream>(ValueSchema(), "events");
  MemorySource source(stream);
  ASSERT_OK(stream->AddData({R(1, "a"), R(2, "a")}).status());  // offset 0: 2 rows
  ASSERT_OK(stream->AddData({R(3, "a")}).status());             // offset 1: 1 row
  ASSERT_OK(stream->AddData({R(4, "a"), R(5, "a")}).status());  // offset 2: 2 rows
  ReadLimit limit;
  limit.max_rows = 3;
  ASSERT_OK_AND_ASSIGN(Offset end, source.LatestOffset(Offset(), limit));
  EXPECT_EQ(end, Offset(1));
  limit.max_rows = 1;  // the first call alone exceeds the limit, but is never split
  ASSERT_OK_AND_ASSIGN(Offset one, source.LatestOffset(Offset(), limit));
  EXPECT_EQ(one, Offset(0));
  ASSERT_OK_AND_ASSIGN(Offset rest, source.LatestOffset(Offset(0), limit));
  EXPECT_EQ(rest, Offset(1));
}

TEST(MemoryStreamTest, AvailableNowFixesTheEnd) {
  auto stream = std::make_shared<MemoryStream>(ValueSchema(), "events");
  MemorySource source(stream);
  ASSERT_OK(stream->AddData({R(1, "a")}).status());
  source.PrepareForAvailableNow();
  ASSERT_OK(stream->AddData({R(2, "a")}).status());
  ASSERT_OK_AND_ASSIGN(Offset end, source.LatestOffset(Offset(), ReadLimit{}));
  EXPECT_EQ(end, Offset(0));
  ASSERT_OK_AND_ASSIGN(Offset after, source.LatestOffset(Offset(0), ReadLimit{}));
  EXPECT_EQ(after, Offset(0));
}

TEST(MemoryStreamTest, RowsThatDoNotFitTheSchemaAreRejected) {
  auto stream = std::make_shared<MemoryStream>(ValueSchema(), "events");
  auto narrow = stream->AddData({R(1, "a"), {Value::Int(2)}});
  ASSERT_FALSE(narrow.ok());
  EXPECT_EQ(narrow.status().message(),
            "memory stream 'events': row 1 has 1 values but the schema (value BIGINT, name STRING) has 2 fields");
  auto wrong = stream->AddData({{Value::String("x"), Value::String("a")}});
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().message(), "memory stream 'events': row 0, field 'value' (BIGINT): expected an integer");
  EXPECT_EQ(stream->latest_offset(), std::nullopt);  // nothing was added
  ASSERT_OK(stream->AddData({{Value::Null(), Value::Null()}}).status());

  auto int_schema = std::make_shared<types::Schema>(*types::Schema::Parse("i INT"));
  MemoryStream ints(int_schema, "ints");
  EXPECT_FALSE(ints.AddData({{Value::Int(int64_t{1} << 40)}}).ok());
  auto other = types::Batch::FromRows(ValueSchema(), {R(1, "a")});
  auto mismatch = ints.AddBatch(other);
  ASSERT_FALSE(mismatch.ok());
  EXPECT_NE(mismatch.status().message().find("does not match"), std::string::npos);
}

TEST(MemoryStreamTest, DescriptionListsFieldNames) {
  MemoryStream stream(ValueSchema(), "events");
  EXPECT_EQ(stream.Description(), "MemoryStream[value,name]");
  EXPECT_EQ(MemorySource(std::make_shared<MemoryStream>(ValueSchema(), "x")).Description(),
            "MemoryStream[value,name]");
}

TEST(MemoryStreamTest, ConcurrentWritersAndReaders) {
  auto stream = std::make_shared<MemoryStream>(ValueSchema(), "busy");
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&stream, t] {
      for (int i = 0; i < 100; ++i) {
        auto r = stream->AddData({R(t * 1000 + i, "w")});
        ASSERT_TRUE(r.ok());
      }
    });
  }
  MemorySource source(stream);
  for (int i = 0; i < 50; ++i) {
    auto latest = source.LatestOffset(Offset(), ReadLimit{});
    ASSERT_TRUE(latest.ok());
    auto batches = source.GetBatch(Offset(), *latest);
    ASSERT_TRUE(batches.ok());
  }
  for (auto& w : writers) w.join();
  EXPECT_EQ(stream->latest_offset(), 399);
  EXPECT_EQ(stream->num_rows(), 400);
}

TEST(MemoryStreamTest, ListenersRunAfterEachAddWithTheOffsetVisible) {
  auto stream = std::make_shared<MemoryStream>(ValueSchema(), "events");
  std::vector<std::optional<int64_t>> seen;  // latest_offset() inside each call
  int64_t id = stream->AddListener([&] { seen.push_back(stream->latest_offset()); });
  ASSERT_OK(stream->AddData({R(1, "a")}).status());
  ASSERT_OK(stream->AddData({}).status());
  EXPECT_FALSE(stream->AddData({{Value::Int(1)}}).ok());  // invalid rows add nothing: no call
  EXPECT_EQ(seen, (std::vector<std::optional<int64_t>>{0, 1}));
  stream->RemoveListener(id);
  stream->RemoveListener(id);  // unknown ids are ignored
  ASSERT_OK(stream->AddData({R(2, "b")}).status());
  EXPECT_EQ(seen.size(), 2u);
}

// RemoveListener waits for a call in progress, so the listener's owner may go away
// right after it.
TEST(MemoryStreamTest, RemoveListenerWaitsForARunningCall) {
  auto stream = std::make_shared<MemoryStream>(ValueSchema(), "events");
  std::atomic<bool> inside{false}, finished{false};
  int64_t id = stream->AddListener([&] {
    inside = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    finished = true;
  });
  std::thread writer([&] { ASSERT_OK(stream->AddData({R(1, "a")}).status()); });
  while (!inside.load()) std::this_thread::yield();
  stream->RemoveListener(id);
  EXPECT_TRUE(finished.load());
  writer.join();
}

TEST(MemorySourceTest, DataListenerFollowsTheSourcesLifetime) {
  auto stream = std::make_shared<MemoryStream>(ValueSchema(), "events");
  std::atomic<int> calls{0};
  {
    MemorySource source(stream);
    source.SetDataListener([&] { ++calls; });
    ASSERT_OK(stream->AddData({R(1, "a")}).status());
    EXPECT_EQ(calls.load(), 1);
    source.SetDataListener(nullptr);  // cleared
    ASSERT_OK(stream->AddData({R(2, "b")}).status());
    EXPECT_EQ(calls.load(), 1);
    source.SetDataListener([&] { ++calls; });
    ASSERT_OK(stream->AddData({R(3, "c")}).status());
    EXPECT_EQ(calls.load(), 2);
  }  // destroyed: the stream, which lives on, no longer calls it
  ASSERT_OK(stream->AddData({R(4, "d")}).status());
  EXPECT_EQ(calls.load(), 2);
  MemorySource stopped(stream);
  stopped.SetDataListener([&] { ++calls; });
  stopped.Stop();
  ASSERT_OK(stream->AddData({R(5, "e")}).status());
  EXPECT_EQ(calls.load(), 2);
}

TEST(MemoryStreamRegistryTest, NamesAreCaseInsensitive) {
  auto& registry = MemoryStreamRegistry::Global();
  registry.Register(std::make_shared<MemoryStream>(ValueSchema(), "RegTestEvents"));
  ASSERT_NE(registry.Find("regtestevents"), nullptr);
  EXPECT_EQ(registry.Find("REGTESTEVENTS")->name(), "RegTestEvents");
  ASSERT_OK_AND_ASSIGN(auto same, registry.GetOrCreate("regTestEvents", ValueSchema()));
  EXPECT_EQ(same, registry.Find("RegTestEvents"));
  auto other = std::make_shared<types::Schema>(*types::Schema::Parse("x STRING"));
  auto conflict = registry.GetOrCreate("regtestevents", other);
  ASSERT_FALSE(conflict.ok());
  EXPECT_NE(conflict.status().message().find("already exists with schema (value BIGINT, name STRING)"),
            std::string::npos);
  EXPECT_TRUE(registry.Remove("REGTESTEVENTS"));
  EXPECT_EQ(registry.Find("RegTestEvents"), nullptr);
}

}  // namespace
}  // namespace sluice::connectors
