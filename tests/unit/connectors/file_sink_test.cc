#include <gtest/gtest.h>

#include <filesystem>

#include "file_test_util.h"
#include "sluice/common/config.h"
#include "sluice/connectors/file/file_sink_log.h"
#include "sluice/connectors/registry.h"
#include "test_util.h"

namespace sluice::connectors {
namespace {

using testing::Ctx;
using testing::PartFiles;
using testing::ReadWholeFile;
using testing::RowStrings;
using testing::SchemaOf;
using testing::TempDir;
using testing::WriteFile;
using types::Value;
using Lines = std::vector<std::string>;

constexpr int64_t kTs = 1704103200000000;  // 2024-01-01 10:00:00 UTC

std::unique_ptr<Sink> MakeSink(const std::string& format, std::map<std::string, std::string> options,
                               const Config* conf = nullptr) {
  ConnectorContext ctx = Ctx(std::move(options));
  ctx.conf = conf;
  auto r = CreateSink(format, ctx);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : nullptr;
}

types::BatchPtr Rows(const std::string& ddl, const std::vector<types::Row>& rows) {
  return types::Batch::FromRows(SchemaOf(ddl), rows);
}

Lines ReadBack(const std::string& format, const std::string& dir, const std::string& ddl,
               std::map<std::string, std::string> options = {}) {
  options["path"] = dir;
  auto r = ReadBatch(format, Ctx(options, ddl));
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? RowStrings(*r) : Lines{"<error>"};
}

TEST(FileSinkTest, JsonLooksLikeSparks) {
  TempDir dir;
  auto sink = MakeSink("json", {{"path", dir.Sub("out")}, {"checkpointLocation", dir.Sub("cp")}});
  ASSERT_NE(sink, nullptr);
  EXPECT_EQ(sink->Description(), "FileSink[" + dir.Sub("out") + "]");
  EXPECT_TRUE(sink->idempotent());
  auto batch = Rows("id BIGINT, name STRING, ts TIMESTAMP, d DOUBLE, ok BOOLEAN, day DATE, tags ARRAY<STRING>, "
                    "p STRUCT<x: INT, y: STRING>",
                    {{Value::Int(1), Value::String("a\"b\n"), Value::Int(kTs), Value::Double(1e10), Value::Bool(true),
                      Value::Int(19723), Value::MakeList({Value::String("t"), Value()}),
                      Value::MakeList({Value::Int(7), Value()})},
                     {Value::Int(2), Value(), Value(), Value::Double(0.5), Value(), Value(), Value(), Value()}});
  ASSERT_OK(sink->AddBatch(0, {batch}, OutputMode::kAppend));
  auto files = PartFiles(dir.Sub("out"));
  ASSERT_EQ(files.size(), 1u);
  std::string name = std::filesystem::path(files[0]).filename().string();
  EXPECT_EQ(name.substr(0, 11), "part-00000-");
  EXPECT_EQ(name.substr(name.size() - 10), ".c000.json");
  EXPECT_EQ(ReadWholeFile(files[0]),
            "{\"id\":1,\"name\":\"a\\\"b\\n\",\"ts\":\"2024-01-01T10:00:00.000Z\",\"d\":1.0E10,\"ok\":true,"
            "\"day\":\"2024-01-01\",\"tags\":[\"t\",null],\"p\":{\"x\":7}}\n"
            "{\"id\":2,\"d\":0.5}\n");
}

TEST(FileSinkTest, TimestampsUseTheSessionZone) {
  TempDir dir;
  Config conf;
  conf.Set("spark.sql.session.timeZone", "+08:00");
  auto sink = MakeSink("json", {{"path", dir.path()}}, &conf);
  ASSERT_OK(sink->AddBatch(0, {Rows("ts TIMESTAMP", {{Value::Int(kTs)}})}, OutputMode::kAppend));
  EXPECT_EQ(ReadWholeFile(PartFiles(dir.path())[0]), "{\"ts\":\"2024-01-01T18:00:00.000+08:00\"}\n");
  auto custom = MakeSink("json", {{"path", dir.Sub("custom")}, {"timestampFormat", "yyyy/MM/dd HH:mm"},
                                  {"ignoreNullFields", "false"}});
  ASSERT_OK(custom->AddBatch(0, {Rows("ts TIMESTAMP, x INT", {{Value::Int(kTs), Value()}})}, OutputMode::kAppend));
  EXPECT_EQ(ReadWholeFile(PartFiles(dir.Sub("custom"))[0]), "{\"ts\":\"2024/01/01 10:00\",\"x\":null}\n");
}

TEST(FileSinkTest, SinkLogIsSparksFormatAndWrittenPerBatch) {
  TempDir dir;
  auto sink = MakeSink("text", {{"path", dir.path()}});
  auto a = Rows("value STRING", {{Value::String("a")}});
  auto b = Rows("value STRING", {{Value::String("b")}});
  ASSERT_OK(sink->AddBatch(0, {a, types::Batch::Empty(a->schema()), b}, OutputMode::kAppend));
  auto files = PartFiles(dir.path());
  ASSERT_EQ(files.size(), 2u);  // empty partitions write no file
  EXPECT_NE(files[0].find("/part-00000-"), std::string::npos);
  EXPECT_NE(files[1].find("/part-00002-"), std::string::npos);
  std::string log = ReadWholeFile(dir.Sub("_spark_metadata/0"));
  ASSERT_EQ(log.substr(0, 3), "v1\n");
  EXPECT_NE(log.find("{\"path\":\"file:" + files[0] + "\",\"size\":2,\"isDir\":false,\"modificationTime\":"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find(",\"blockReplication\":1,\"blockSize\":33554432,\"action\":\"add\"}"), std::string::npos);
  // An empty batch still commits (an entry without files).
  ASSERT_OK(sink->AddBatch(1, {}, OutputMode::kAppend));
  EXPECT_EQ(ReadWholeFile(dir.Sub("_spark_metadata/1")), "v1");
  FileSinkLog reader(dir.path());
  ASSERT_OK_AND_ASSIGN(auto latest, reader.LatestBatchId());
  EXPECT_EQ(latest, std::optional<int64_t>(1));
  ASSERT_OK_AND_ASSIGN(auto all, reader.AllFiles());
  EXPECT_EQ(all.size(), 2u);
}

TEST(FileSinkTest, ReplayedBatchIsWrittenOnceAndUncommittedFilesAreInvisible) {
  TempDir dir;
  std::string out = dir.Sub("out");
  auto batch = Rows("id INT, name STRING", {{Value::Int(1), Value::String("x")}, {Value::Int(2), Value::String("y")}});
  {
    auto sink = MakeSink("json", {{"path", out}});
    ASSERT_OK(sink->AddBatch(0, {batch}, OutputMode::kAppend));
    // The same id again (a replay) is skipped.
    ASSERT_OK(sink->AddBatch(0, {batch}, OutputMode::kAppend));
  }
  {
    // After a restart the log still says batch 0 is done.
    auto sink = MakeSink("json", {{"path", out}});
    ASSERT_OK(sink->AddBatch(0, {batch}, OutputMode::kAppend));
  }
  EXPECT_EQ(PartFiles(out).size(), 1u);
  // A crash after writing part files but before the log entry leaves files nobody reads.
  WriteFile(out + "/part-00000-deadbeef-0000-4000-8000-000000000000.c000.json", "{\"id\":99,\"name\":\"ghost\"}\n");
  EXPECT_EQ(ReadBack("json", out, "id INT, name STRING"), (Lines{"1|x", "2|y"}));
  // The streaming file source lists a sink's output through its log as well.
  auto source = CreateSource("json", Ctx({{"path", out}}, "id INT, name STRING"));
  ASSERT_OK(source.status());
  ASSERT_OK_AND_ASSIGN(Offset end, (*source)->LatestOffset(Offset(), ReadLimit{}));
  ASSERT_OK_AND_ASSIGN(auto rows, (*source)->GetBatch(Offset(), end));
  EXPECT_EQ(RowStrings(rows), (Lines{"1|x", "2|y"}));
  // Batch 1 after the restart.
  auto sink = MakeSink("json", {{"path", out}});
  ASSERT_OK(sink->AddBatch(1, {Rows("id INT, name STRING", {{Value::Int(3), Value::String("z")}})},
                           OutputMode::kAppend));
  EXPECT_EQ(ReadBack("json", out, "id INT, name STRING"), (Lines{"1|x", "2|y", "3|z"}));
}

TEST(FileSinkTest, PartitionByWritesFoldersAndReadsBack) {
  TempDir dir;
  auto sink = MakeSink("csv", {{"path", dir.path()}, {"partitionBy", "country, year"}});
  auto batch = Rows("name STRING, country STRING, year INT",
                    {{Value::String("ann"), Value::String("FR"), Value::Int(2024)},
                     {Value::String("bob"), Value::String("a/b"), Value::Int(2023)},
                     {Value::String("cid"), Value::String("FR"), Value::Int(2024)},
                     {Value::String("dan"), Value(), Value::Int(2024)}});
  ASSERT_OK(sink->AddBatch(0, {batch}, OutputMode::kAppend));
  auto files = PartFiles(dir.path());
  ASSERT_EQ(files.size(), 3u);
  EXPECT_NE(files[0].find("/country=FR/year=2024/part-00000-"), std::string::npos) << files[0];
  EXPECT_NE(files[1].find("/country=__HIVE_DEFAULT_PARTITION__/year=2024/"), std::string::npos) << files[1];
  EXPECT_NE(files[2].find("/country=a%2Fb/year=2023/"), std::string::npos) << files[2];
  EXPECT_EQ(ReadWholeFile(files[0]), "ann\ncid\n");  // partition columns are not in the records
  auto rows = ReadBack("csv", dir.path(), "name STRING, country STRING, year INT");
  std::sort(rows.begin(), rows.end());
  EXPECT_EQ(rows, (Lines{"ann|FR|2024", "bob|a/b|2023", "cid|FR|2024", "dan|NULL|2024"}));

  auto missing = MakeSink("json", {{"path", dir.Sub("x")}, {"partitionBy", "nope"}});
  auto error = missing->AddBatch(0, {batch}, OutputMode::kAppend);
  EXPECT_EQ(error.code(), StatusCode::kAnalysisError);
  EXPECT_EQ(error.message(), "Partition column `nope` not found in schema struct<name:string,country:string,year:int>");
  auto all = MakeSink("json", {{"path", dir.Sub("y")}, {"partitionBy", "name,country,year"}});
  EXPECT_EQ(all->AddBatch(0, {batch}, OutputMode::kAppend).message(), "Cannot use all columns for partition columns");
  auto empty = CreateSink("json", Ctx({{"path", dir.Sub("z")}, {"partitionBy", "a,,b"}}));
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("option 'partitionBy' has an empty column name"), std::string::npos);
}

TEST(FileSinkTest, CsvOptions) {
  TempDir dir;
  auto sink = MakeSink("csv", {{"path", dir.Sub("a")}, {"header", "true"}});
  auto batch = Rows("s STRING, n INT, d DOUBLE, ts TIMESTAMP",
                    {{Value::String("plain"), Value::Int(1), Value::Double(2.0), Value::Int(kTs)},
                     {Value::String("a,b"), Value(), Value::Double(0.1), Value()},
                     {Value::String("say \"hi\""), Value::Int(3), Value(), Value()},
                     {Value::String(""), Value::Int(4), Value(), Value()},
                     {Value::String("  padded "), Value::Int(5), Value(), Value()}});
  ASSERT_OK(sink->AddBatch(0, {batch}, OutputMode::kAppend));
  EXPECT_EQ(ReadWholeFile(PartFiles(dir.Sub("a"))[0]),
            "s,n,d,ts\n"
            "plain,1,2.0,2024-01-01T10:00:00.000Z\n"
            "\"a,b\",,0.1,\n"
            "\"say \\\"hi\\\"\",3,,\n"
            "\"\",4,,\n"
            "padded,5,,\n");
  // What the sink writes, the reader reads back.
  EXPECT_EQ(ReadBack("csv", dir.Sub("a"), "s STRING, n INT, d DOUBLE, ts TIMESTAMP", {{"header", "true"}}),
            (Lines{"plain|1|2.0|2024-01-01 10:00:00", "a,b|NULL|0.1|NULL", "say \"hi\"|3|NULL|NULL", "NULL|4|NULL|NULL",
                   "padded|5|NULL|NULL"}));
  auto custom = MakeSink("csv", {{"path", dir.Sub("b")}, {"sep", ";"}, {"quote", "'"}, {"escape", "'"},
                                 {"nullValue", "NA"}, {"quoteAll", "true"}});
  ASSERT_OK(custom->AddBatch(0, {Rows("s STRING, n INT", {{Value::String("it's"), Value()}})}, OutputMode::kAppend));
  EXPECT_EQ(ReadWholeFile(PartFiles(dir.Sub("b"))[0]), "'it''s';NA\n");
  auto nested = MakeSink("csv", {{"path", dir.Sub("c")}});
  auto error = nested->AddBatch(0, {Rows("a ARRAY<INT>", {{Value::MakeList({Value::Int(1)})}})}, OutputMode::kAppend);
  EXPECT_NE(error.message().find("The CSV datasource doesn't support the column `a` of the type \"ARRAY<INT>\""),
            std::string::npos)
      << error.message();
}

TEST(FileSinkTest, TextNeedsOneStringColumn) {
  TempDir dir;
  auto sink = MakeSink("text", {{"path", dir.path()}});
  auto two = sink->AddBatch(0, {Rows("a STRING, b STRING", {{Value::String("x"), Value::String("y")}})},
                            OutputMode::kAppend);
  EXPECT_EQ(two.code(), StatusCode::kAnalysisError);
  EXPECT_EQ(two.message(), "Text data source supports only a single column, and you have 2 columns.");
  auto typed = sink->AddBatch(0, {Rows("a INT", {{Value::Int(1)}})}, OutputMode::kAppend);
  EXPECT_NE(typed.message().find("The Text datasource doesn't support the column `a` of the type \"INT\""),
            std::string::npos);
  ASSERT_OK(sink->AddBatch(0, {Rows("line STRING", {{Value::String("x")}, {Value()}})}, OutputMode::kAppend));
  EXPECT_EQ(ReadWholeFile(PartFiles(dir.path())[0]), "x\n\n");
  // A schema known up front is checked when the sink is created.
  ConnectorContext ctx = Ctx({{"path", dir.Sub("early")}});
  ctx.user_schema = SchemaOf("a INT, b INT");
  auto early = CreateSink("text", ctx);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.status().message(), "Text data source supports only a single column, and you have 2 columns.");
}

TEST(FileSinkTest, AppendModeOnlyAndGzip) {
  TempDir dir;
  auto sink = MakeSink("json", {{"path", dir.path()}, {"compression", "gzip"}});
  auto batch = Rows("a INT", {{Value::Int(1)}, {Value::Int(2)}});
  auto complete = sink->AddBatch(0, {batch}, OutputMode::kComplete);
  EXPECT_EQ(complete.code(), StatusCode::kAnalysisError);
  EXPECT_EQ(complete.message(), "Data source json does not support Complete output mode.");
  ASSERT_OK(sink->AddBatch(0, {batch}, OutputMode::kAppend));
  auto files = PartFiles(dir.path());
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].substr(files[0].size() - 13), ".c000.json.gz");
  EXPECT_EQ(ReadBack("json", dir.path(), "a INT"), (Lines{"1", "2"}));
  auto bad = CreateSink("json", Ctx({{"path", dir.path()}, {"compression", "zstd"}}));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "Codec [zstd] is not available. Known codecs are none, uncompressed, gzip.");
  auto no_path = CreateSink("json", Ctx({}));
  ASSERT_FALSE(no_path.ok());
  EXPECT_NE(no_path.status().message().find("option 'path' of sink 'json' is required"), std::string::npos);
  auto unknown = CreateSink("csv", Ctx({{"path", dir.path()}, {"headr", "true"}}));
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("did you mean 'header'?"), std::string::npos);
}

}  // namespace
}  // namespace sluice::connectors
