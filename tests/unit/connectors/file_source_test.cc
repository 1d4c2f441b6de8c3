#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>

#include "file_test_util.h"
#include "sluice/connectors/file/file_stream_source.h"
#include "sluice/connectors/file/file_io.h"
#include "sluice/connectors/registry.h"
#include "test_util.h"

namespace sluice::connectors {
namespace {

using testing::Ctx;
using testing::ReadWholeFile;
using testing::RowStrings;
using testing::TempDir;
using testing::WriteFile;

constexpr int64_t kT0 = 1700000000000;  // a base modification time, milliseconds

std::unique_ptr<Source> MakeSource(const std::string& format, std::map<std::string, std::string> options,
                                   const std::string& ddl, const std::string& checkpoint = "") {
  auto r = CreateSource(format, Ctx(std::move(options), ddl, checkpoint));
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : nullptr;
}

std::vector<std::string> ReadRange(Source* source, const Offset& start, const Offset& end) {
  auto r = source->GetBatch(start, end);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? RowStrings(*r) : std::vector<std::string>{};
}

Offset Log(int64_t n) { return FileStreamSource::MakeOffset(n); }

TEST(FileSourceTest, JsonAndCsvNeedASchemaTextDoesNot) {
  TempDir dir;
  for (const char* format : {"json", "csv"}) {
    auto schema = SourceSchema(format, Ctx({{"path", dir.path()}}));
    ASSERT_FALSE(schema.ok());
    EXPECT_EQ(schema.status().code(), StatusCode::kAnalysisError);
    EXPECT_EQ(schema.status().message(),
              "Schema must be specified when creating a streaming source DataFrame. If some files already exist in "
              "the directory, then depending on the file format you may be able to create a static DataFrame on "
              "that directory with 'spark.read.load(directory)' and infer schema from it.");
    EXPECT_FALSE(CreateSource(format, Ctx({{"path", dir.path()}})).ok());
  }
  EXPECT_EQ(*SourceSchemaModeOf("json"), SourceSchemaMode::kUserRequired);
  ASSERT_OK_AND_ASSIGN(auto text, SourceSchema("text", Ctx({{"path", dir.path()}})));
  EXPECT_EQ(text->ToString(), "value STRING");
  ASSERT_OK_AND_ASSIGN(auto renamed, SourceSchema("text", Ctx({{"path", dir.path()}}, "line STRING")));
  EXPECT_EQ(renamed->ToString(), "line STRING");
  auto two = SourceSchema("text", Ctx({{"path", dir.path()}}, "a STRING, b STRING"));
  ASSERT_FALSE(two.ok());
  EXPECT_EQ(two.status().message(), "Text data source supports only a single column, and you have 2 columns.");
  auto typed = SourceSchema("text", Ctx({{"path", dir.path()}}, "a INT"));
  ASSERT_FALSE(typed.ok());
  EXPECT_NE(typed.status().message().find("The Text datasource doesn't support the column `a` of the type \"INT\""),
            std::string::npos);
}

TEST(FileSourceTest, MissingFolderFailsAtStart) {
  TempDir dir;
  auto r = CreateSource("json", Ctx({{"path", dir.Sub("nope")}}, "a INT"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kAnalysisError);
  EXPECT_NE(r.status().message().find("Path does not exist: file:" + dir.Sub("nope")), std::string::npos)
      << r.status().message();
  auto glob = CreateSource("json", Ctx({{"path", dir.Sub("nope") + "/*.json"}}, "a INT"));
  ASSERT_FALSE(glob.ok());
  EXPECT_NE(glob.status().message().find("Path does not exist"), std::string::npos);
  auto no_path = CreateSource("json", Ctx({}, "a INT"));
  ASSERT_FALSE(no_path.ok());
  EXPECT_NE(no_path.status().message().find("option 'path' of source 'json' is required"), std::string::npos)
      << no_path.status().message();
}

TEST(FileSourceTest, UnknownOptionsAreListedAndNamesIgnoreCase) {
  TempDir dir;
  auto r = CreateSource("json", Ctx({{"path", dir.path()}, {"maxFilesPerTriger", "1"}}, "a INT"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("unknown option 'maxFilesPerTriger' for source 'json'; valid options: path, "
                                      "maxFilesPerTrigger, maxBytesPerTrigger,"),
            std::string::npos)
      << r.status().message();
  EXPECT_NE(r.status().message().find("did you mean 'maxFilesPerTrigger'?"), std::string::npos);
  // CSV options belong to csv only.
  EXPECT_FALSE(CreateSource("json", Ctx({{"path", dir.path()}, {"header", "true"}}, "a INT")).ok());
  EXPECT_TRUE(CreateSource("csv", Ctx({{"PATH", dir.path()}, {"HEADER", "true"}, {"maxfilespertrigger", "2"}},
                                      "a INT"))
                  .ok());
  auto zero = CreateSource("json", Ctx({{"path", dir.path()}, {"maxFilesPerTrigger", "0"}}, "a INT"));
  ASSERT_FALSE(zero.ok());
  EXPECT_NE(zero.status().message().find("The option 'maxFilesPerTrigger' must be positive"), std::string::npos);
}

TEST(FileSourceTest, ReadsNewFilesOncePerBatch) {
  TempDir dir;
  WriteFile(dir.Sub("in/a.json"), "{\"a\":1}\n{\"a\":2}\n", kT0);
  WriteFile(dir.Sub("in/b.json"), "{\"a\":3}\n", kT0 + 1000);
  auto source = MakeSource("json", {{"path", dir.Sub("in")}}, "a INT");
  ASSERT_NE(source, nullptr);
  EXPECT_EQ(source->Description(), "FileStreamSource[file:" + dir.Sub("in") + "]");
  ASSERT_OK_AND_ASSIGN(Offset first, source->LatestOffset(Offset(), ReadLimit{}));
  EXPECT_EQ(first, Log(0));
  EXPECT_EQ(first.dump(), "{\"logOffset\":0}");
  ASSERT_OK_AND_ASSIGN(auto batches, source->GetBatch(Offset(), first));
  EXPECT_EQ(batches.size(), 2u);  // one input partition per file
  EXPECT_EQ(RowStrings(batches), (std::vector<std::string>{"1", "2", "3"}));
  // Nothing new: the offset stays.
  ASSERT_OK_AND_ASSIGN(Offset same, source->LatestOffset(first, ReadLimit{}));
  EXPECT_EQ(same, first);
  // A rewritten old file is not new (same path).
  WriteFile(dir.Sub("in/a.json"), "{\"a\":9}\n", kT0 + 5000);
  WriteFile(dir.Sub("in/c.json"), "{\"a\":4}\n", kT0 + 2000);
  ASSERT_OK_AND_ASSIGN(Offset second, source->LatestOffset(first, ReadLimit{}));
  EXPECT_EQ(second, Log(1));
  EXPECT_EQ(ReadRange(source.get(), first, second), (std::vector<std::string>{"4"}));
  // Empty ranges read nothing.
  EXPECT_TRUE(ReadRange(source.get(), second, second).empty());
}

TEST(FileSourceTest, EmptyFolderHasNoOffset) {
  TempDir dir;
  auto source = MakeSource("text", {{"path", dir.path()}}, "");
  ASSERT_OK_AND_ASSIGN(Offset latest, source->LatestOffset(Offset(), ReadLimit{}));
  EXPECT_TRUE(latest.is_null());
}

TEST(FileSourceTest, RestartWithMaxFilesPerTriggerNeitherSkipsNorRereads) {
  TempDir dir;
  std::string in = dir.Sub("in"), checkpoint = dir.Sub("checkpoint/sources/0");
  for (int i = 1; i <= 5; ++i) {
    WriteFile(in + "/f" + std::to_string(i) + ".txt", "line" + std::to_string(i) + "\n", kT0 + i * 1000);
  }
  std::map<std::string, std::string> options = {{"path", in}, {"maxFilesPerTrigger", "2"}};
  std::vector<std::string> seen;
  Offset committed;
  {
    auto source = MakeSource("text", options, "", checkpoint);
    ASSERT_NE(source, nullptr);
    for (int batch = 0; batch < 2; ++batch) {
      ASSERT_OK_AND_ASSIGN(Offset end, source->LatestOffset(committed, ReadLimit{}));
      EXPECT_EQ(end, Log(batch));
      for (auto& row : ReadRange(source.get(), committed, end)) seen.push_back(row);
      source->Commit(end);
      committed = end;
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"line1", "line2", "line3", "line4"}));
  }
  // Spark's log layout: one file per log batch, "v1" then one FileEntry per line.
  std::string log0 = ReadWholeFile(checkpoint + "/0");
  EXPECT_EQ(log0, "v1\n{\"path\":\"file:" + in + "/f1.txt\",\"timestamp\":" + std::to_string(kT0 + 1000) +
                      ",\"batchId\":0}\n{\"path\":\"file:" + in + "/f2.txt\",\"timestamp\":" +
                      std::to_string(kT0 + 2000) + ",\"batchId\":0}");
  {
    // A new source over the same checkpoint folder continues after the committed files.
    auto source = MakeSource("text", options, "", checkpoint);
    ASSERT_NE(source, nullptr);
    // Replaying an old range gives the same files.
    EXPECT_EQ(ReadRange(source.get(), Log(0), Log(1)), (std::vector<std::string>{"line3", "line4"}));
    ASSERT_OK_AND_ASSIGN(Offset end, source->LatestOffset(committed, ReadLimit{}));
    EXPECT_EQ(end, Log(2));
    for (auto& row : ReadRange(source.get(), committed, end)) seen.push_back(row);
    ASSERT_OK_AND_ASSIGN(Offset again, source->LatestOffset(end, ReadLimit{}));
    EXPECT_EQ(again, end);
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"line1", "line2", "line3", "line4", "line5"}));
}

TEST(FileSourceTest, FilesLoggedBeforeACrashAreReadAfterRestart) {
  TempDir dir;
  std::string checkpoint = dir.Sub("cp");
  WriteFile(dir.Sub("in/a.txt"), "x\n", kT0);
  {
    auto source = MakeSource("text", {{"path", dir.Sub("in")}}, "", checkpoint);
    // The source logs the file, but the query dies before recording the offset.
    ASSERT_OK_AND_ASSIGN(Offset end, source->LatestOffset(Offset(), ReadLimit{}));
    EXPECT_EQ(end, Log(0));
  }
  auto source = MakeSource("text", {{"path", dir.Sub("in")}}, "", checkpoint);
  ASSERT_OK_AND_ASSIGN(Offset end, source->LatestOffset(Offset(), ReadLimit{}));
  EXPECT_EQ(end, Log(0));
  EXPECT_EQ(ReadRange(source.get(), Offset(), end), (std::vector<std::string>{"x"}));
}

TEST(FileSourceTest, BrokenCheckpointIsCorruption) {
  TempDir dir;
  std::string checkpoint = dir.Sub("cp");
  WriteFile(dir.Sub("in/a.txt"), "x\n", kT0);
  auto source = MakeSource("text", {{"path", dir.Sub("in")}}, "", checkpoint);
  ASSERT_OK(source->LatestOffset(Offset(), ReadLimit{}).status());
  std::filesystem::remove(checkpoint + "/0");
  auto fresh = MakeSource("text", {{"path", dir.Sub("in")}}, "", checkpoint);
  auto missing = fresh->GetBatch(Offset(), Log(0));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kCorruption);
  EXPECT_NE(missing.status().message().find("log batch 0 is missing"), std::string::npos);
  auto beyond = fresh->LatestOffset(Log(3), ReadLimit{});
  ASSERT_FALSE(beyond.ok());
  EXPECT_EQ(beyond.status().code(), StatusCode::kCorruption);
  WriteFile(checkpoint + "/1", "v9\n{}");
  auto newer = CreateSource("text", Ctx({{"path", dir.Sub("in")}}, "", checkpoint));
  ASSERT_FALSE(newer.ok());
  EXPECT_NE(newer.status().message().find("has format v9 but the maximum supported is v1"), std::string::npos);
  auto bad_offset = fresh->GetBatch(Offset("x"), Log(0));
  ASSERT_FALSE(bad_offset.ok());
  EXPECT_EQ(bad_offset.status().code(), StatusCode::kCorruption);
}

TEST(FileSourceTest, LatestFirstTakesNewestFiles) {
  TempDir dir;
  for (int i = 1; i <= 3; ++i) WriteFile(dir.Sub("in/f" + std::to_string(i) + ".txt"), std::to_string(i), kT0 + i);
  auto source = MakeSource("text", {{"path", dir.Sub("in")}, {"latestFirst", "true"}, {"maxFilesPerTrigger", "1"}}, "");
  Offset start;
  std::vector<std::string> order;
  for (int i = 0; i < 3; ++i) {
    ASSERT_OK_AND_ASSIGN(Offset end, source->LatestOffset(start, ReadLimit{}));
    for (auto& r : ReadRange(source.get(), start, end)) order.push_back(r);
    start = end;
  }
  EXPECT_EQ(order, (std::vector<std::string>{"3", "2", "1"}));
}

TEST(FileSourceTest, MaxBytesPerTriggerTakesAtLeastOneFile) {
  TempDir dir;
  for (int i = 1; i <= 3; ++i) WriteFile(dir.Sub("in/f" + std::to_string(i) + ".txt"), "123456789\n", kT0 + i);
  auto source = MakeSource("text", {{"path", dir.Sub("in")}, {"maxBytesPerTrigger", "25"}}, "");
  ASSERT_OK_AND_ASSIGN(Offset first, source->LatestOffset(Offset(), ReadLimit{}));
  EXPECT_EQ(ReadRange(source.get(), Offset(), first).size(), 2u);  // 10 + 10 <= 25 < 30
  auto tiny = MakeSource("text", {{"path", dir.Sub("in")}, {"maxBytesPerTrigger", "1"}}, "");
  ASSERT_OK_AND_ASSIGN(Offset one, tiny->LatestOffset(Offset(), ReadLimit{}));
  EXPECT_EQ(ReadRange(tiny.get(), Offset(), one).size(), 1u);
  // The runtime's read limit applies too.
  auto limited = MakeSource("text", {{"path", dir.Sub("in")}}, "");
  ReadLimit limit;
  limit.max_files = 1;
  ASSERT_OK_AND_ASSIGN(Offset by_limit, limited->LatestOffset(Offset(), limit));
  EXPECT_EQ(ReadRange(limited.get(), Offset(), by_limit).size(), 1u);
  auto both = CreateSource("text", Ctx({{"path", dir.Sub("in")}, {"maxBytesPerTrigger", "1"},
                                        {"maxFilesPerTrigger", "1"}}));
  ASSERT_FALSE(both.ok());
  EXPECT_EQ(both.status().message(),
            "Options 'maxFilesPerTrigger' and 'maxBytesPerTrigger' can't be both set at the same time");
}

TEST(FileSourceTest, MaxFileAgeIgnoresOldFilesUnlessLatestFirstWithMaxFiles) {
  constexpr int64_t kHour = 3600 * 1000;
  for (bool latest_first : {false, true}) {
    TempDir dir;
    WriteFile(dir.Sub("in/new.txt"), "new\n", kT0);
    std::map<std::string, std::string> options = {{"path", dir.Sub("in")}, {"maxFileAge", "1h"}};
    if (latest_first) {
      options["latestFirst"] = "true";
      options["maxFilesPerTrigger"] = "10";
    }
    auto source = MakeSource("text", options, "");
    ASSERT_OK_AND_ASSIGN(Offset first, source->LatestOffset(Offset(), ReadLimit{}));
    EXPECT_EQ(ReadRange(source.get(), Offset(), first), (std::vector<std::string>{"new"}));
    // Two hours older than the newest file seen: beyond maxFileAge.
    WriteFile(dir.Sub("in/old.txt"), "old\n", kT0 - 2 * kHour);
    WriteFile(dir.Sub("in/recent.txt"), "recent\n", kT0 - kHour / 2);
    ASSERT_OK_AND_ASSIGN(Offset second, source->LatestOffset(first, ReadLimit{}));
    auto rows = ReadRange(source.get(), first, second);
    std::sort(rows.begin(), rows.end());
    if (latest_first) {
      EXPECT_EQ(rows, (std::vector<std::string>{"old", "recent"}));
    } else {
      EXPECT_EQ(rows, (std::vector<std::string>{"recent"}));
    }
  }
}

TEST(FileSourceTest, FileNameOnlyMatchesByName) {
  for (bool name_only : {false, true}) {
    TempDir dir;
    WriteFile(dir.Sub("in/a/x.txt"), "first\n", kT0);
    auto source = MakeSource("text", {{"path", dir.Sub("in")}, {"fileNameOnly", name_only ? "true" : "false"}}, "");
    ASSERT_OK_AND_ASSIGN(Offset first, source->LatestOffset(Offset(), ReadLimit{}));
    WriteFile(dir.Sub("in/b/x.txt"), "second\n", kT0 + 1);
    ASSERT_OK_AND_ASSIGN(Offset second, source->LatestOffset(first, ReadLimit{}));
    EXPECT_EQ(second == first, name_only);
  }
}

TEST(FileSourceTest, GlobPatternsAndHiddenFiles) {
  TempDir dir;
  WriteFile(dir.Sub("in/2024-01/a.json"), "{\"a\":1}\n", kT0);
  WriteFile(dir.Sub("in/2024-02/b.json"), "{\"a\":2}\n", kT0 + 1);
  WriteFile(dir.Sub("in/2023-12/c.json"), "{\"a\":3}\n", kT0 + 2);
  WriteFile(dir.Sub("in/2024-02/_hidden.json"), "{\"a\":4}\n", kT0 + 3);
  WriteFile(dir.Sub("in/2024-02/.hidden.json"), "{\"a\":5}\n", kT0 + 4);
  WriteFile(dir.Sub("in/2024-02/d.txt"), "{\"a\":6}\n", kT0 + 5);
  WriteFile(dir.Sub("in/2024-02/e.json._COPYING_"), "{\"a\":7}\n", kT0 + 6);
  auto folders = MakeSource("json", {{"path", dir.Sub("in/2024-*/")}}, "a INT");
  ASSERT_OK_AND_ASSIGN(Offset end, folders->LatestOffset(Offset(), ReadLimit{}));
  EXPECT_EQ(ReadRange(folders.get(), Offset(), end), (std::vector<std::string>{"1", "2", "6"}));
  auto files = MakeSource("json", {{"path", dir.Sub("in/*/*.json")}}, "a INT");
  ASSERT_OK_AND_ASSIGN(Offset end2, files->LatestOffset(Offset(), ReadLimit{}));
  EXPECT_EQ(ReadRange(files.get(), Offset(), end2), (std::vector<std::string>{"1", "2", "3"}));
  auto braces = MakeSource("json", {{"path", dir.Sub("in/{2023-12,2024-01}")}}, "a INT");
  ASSERT_OK_AND_ASSIGN(Offset end3, braces->LatestOffset(Offset(), ReadLimit{}));
  EXPECT_EQ(ReadRange(braces.get(), Offset(), end3), (std::vector<std::string>{"1", "3"}));
}

TEST(FileSourceTest, PartitionFoldersFillSchemaColumns) {
  TempDir dir;
  WriteFile(dir.Sub("in/day=2024-01-01/n=5/a.json"), "{\"a\":1}\n", kT0);
  WriteFile(dir.Sub("in/day=__HIVE_DEFAULT_PARTITION__/n=x/b.json"), "{\"a\":2,\"day\":\"ignored\"}\n", kT0 + 1);
  auto source = MakeSource("json", {{"path", dir.Sub("in")}}, "a INT, day DATE, n INT");
  ASSERT_OK_AND_ASSIGN(Offset end, source->LatestOffset(Offset(), ReadLimit{}));
  EXPECT_EQ(ReadRange(source.get(), Offset(), end), (std::vector<std::string>{"1|2024-01-01|5", "2|NULL|NULL"}));
}

std::string Gzip(const std::string& text) {
  auto r = GzipCompress(text);
  EXPECT_TRUE(r.ok());
  return *r;
}

TEST(FileSourceTest, GzipFilesAndTruncatedOnes) {
  TempDir dir;
  std::string body;
  for (int i = 0; i < 1000; ++i) body += "{\"a\":" + std::to_string(i) + "}\n";
  WriteFile(dir.Sub("in/a.json.gz"), Gzip(body), kT0);
  // Two gzip members in one file read as one stream.
  WriteFile(dir.Sub("in/b.json.gz"), Gzip("{\"a\":-1}\n") + Gzip("{\"a\":-2}\n"), kT0 + 1);
  auto source = MakeSource("json", {{"path", dir.Sub("in")}}, "a INT");
  ASSERT_OK_AND_ASSIGN(Offset end, source->LatestOffset(Offset(), ReadLimit{}));
  auto rows = ReadRange(source.get(), Offset(), end);
  ASSERT_EQ(rows.size(), 1002u);
  EXPECT_EQ(rows[999], "999");
  EXPECT_EQ(rows[1001], "-2");

  std::string gz = Gzip(body);
  WriteFile(dir.Sub("in/c.json.gz"), gz.substr(0, gz.size() / 2), kT0 + 2);
  ASSERT_OK_AND_ASSIGN(Offset next, source->LatestOffset(end, ReadLimit{}));
  auto truncated = source->GetBatch(end, next);
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.status().code(), StatusCode::kIOError);
  EXPECT_NE(truncated.status().message().find("truncated gzip file file:" + dir.Sub("in/c.json.gz")), std::string::npos)
      << truncated.status().message();
  WriteFile(dir.Sub("in/d.json.gz"), "this is not gzip", kT0 + 3);
  auto skipping = MakeSource("json", {{"path", dir.Sub("in")}, {"ignoreCorruptFiles", "true"}}, "a INT");
  ASSERT_OK_AND_ASSIGN(Offset all, skipping->LatestOffset(Offset(), ReadLimit{}));
  EXPECT_EQ(ReadRange(skipping.get(), Offset(), all).size(), 1002u);
  auto* file_source = dynamic_cast<FileStreamSource*>(skipping.get());
  EXPECT_EQ(file_source->TakeWarnings().size(), 2u);
  WriteFile(dir.Sub("bz/a.json.bz2"), "x", kT0);
  auto bz = MakeSource("json", {{"path", dir.Sub("bz")}}, "a INT");
  ASSERT_OK_AND_ASSIGN(Offset bz_end, bz->LatestOffset(Offset(), ReadLimit{}));
  auto unsupported = bz->GetBatch(Offset(), bz_end);
  ASSERT_FALSE(unsupported.ok());
  EXPECT_NE(unsupported.status().message().find("compression '.bz2' is not supported"), std::string::npos);
}

TEST(FileSourceTest, FileDeletedAfterListingFailsOrIsSkipped) {
  for (bool ignore : {false, true}) {
    TempDir dir;
    WriteFile(dir.Sub("in/a.txt"), "a\n", kT0);
    WriteFile(dir.Sub("in/b.txt"), "b\n", kT0 + 1);
    auto source = MakeSource("text", {{"path", dir.Sub("in")}, {"ignoreMissingFiles", ignore ? "true" : "false"}}, "");
    ASSERT_OK_AND_ASSIGN(Offset end, source->LatestOffset(Offset(), ReadLimit{}));
    std::filesystem::remove(dir.Sub("in/a.txt"));
    auto batch = source->GetBatch(Offset(), end);
    if (ignore) {
      ASSERT_OK(batch.status());
      EXPECT_EQ(RowStrings(*batch), (std::vector<std::string>{"b"}));
      auto warnings = dynamic_cast<FileStreamSource*>(source.get())->TakeWarnings();
      ASSERT_EQ(warnings.size(), 1u);
      EXPECT_NE(warnings[0].find("file:" + dir.Sub("in/a.txt")), std::string::npos);
    } else {
      ASSERT_FALSE(batch.ok());
      EXPECT_NE(batch.status().message().find("File file:" + dir.Sub("in/a.txt") + " does not exist"),
                std::string::npos)
          << batch.status().message();
      EXPECT_NE(batch.status().message().find("ignoreMissingFiles"), std::string::npos);
    }
  }
}

TEST(FileSourceTest, CleanSourceDeletesOrArchivesCommittedFiles) {
  TempDir dir;
  WriteFile(dir.Sub("in/a.txt"), "a\n", kT0);
  WriteFile(dir.Sub("in/sub/b.txt"), "b\n", kT0 + 1);
  auto deleting = MakeSource("text", {{"path", dir.Sub("in")}, {"cleanSource", "DELETE"}}, "");
  ASSERT_OK_AND_ASSIGN(Offset end, deleting->LatestOffset(Offset(), ReadLimit{}));
  EXPECT_EQ(ReadRange(deleting.get(), Offset(), end).size(), 2u);
  EXPECT_TRUE(std::filesystem::exists(dir.Sub("in/a.txt")));  // not before the commit
  deleting->Commit(end);
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("in/a.txt")));
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("in/sub/b.txt")));

  WriteFile(dir.Sub("in2/c.txt"), "c\n", kT0);
  auto archiving =
      MakeSource("text", {{"path", dir.Sub("in2")}, {"cleanSource", "archive"}, {"sourceArchiveDir", dir.Sub("arch")}}, "");
  ASSERT_OK_AND_ASSIGN(Offset end2, archiving->LatestOffset(Offset(), ReadLimit{}));
  archiving->Commit(end2);
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("in2/c.txt")));
  EXPECT_EQ(ReadWholeFile(dir.Sub("arch") + dir.Sub("in2/c.txt")), "c\n");

  auto no_dir = CreateSource("text", Ctx({{"path", dir.path()}, {"cleanSource", "archive"}}));
  ASSERT_FALSE(no_dir.ok());
  EXPECT_NE(no_dir.status().message().find("Archive path must be specified"), std::string::npos);
  auto inside = CreateSource(
      "text", Ctx({{"path", dir.Sub("in2")}, {"cleanSource", "archive"}, {"sourceArchiveDir", dir.Sub("in2/old")}}));
  ASSERT_FALSE(inside.ok());
  EXPECT_NE(inside.status().message().find("is inside the source path"), std::string::npos);
  auto bad = CreateSource("text", Ctx({{"path", dir.path()}, {"cleanSource", "move"}}));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "Invalid mode for clean source option move. Must be one of ARCHIVE,DELETE,OFF");
}

TEST(FileSourceTest, AvailableNowIgnoresFilesArrivingLater) {
  TempDir dir;
  WriteFile(dir.Sub("in/a.txt"), "a\n", kT0);
  auto source = MakeSource("text", {{"path", dir.Sub("in")}}, "");
  source->PrepareForAvailableNow();
  WriteFile(dir.Sub("in/b.txt"), "b\n", kT0 + 1);
  ASSERT_OK_AND_ASSIGN(Offset end, source->LatestOffset(Offset(), ReadLimit{}));
  EXPECT_EQ(ReadRange(source.get(), Offset(), end), (std::vector<std::string>{"a"}));
  ASSERT_OK_AND_ASSIGN(Offset again, source->LatestOffset(end, ReadLimit{}));
  EXPECT_EQ(again, end);
}

TEST(FileSourceTest, ManyFilesKeepTheirOrderAcrossThreads) {
  TempDir dir;
  for (int i = 0; i < 40; ++i) {
    char name[32];
    std::snprintf(name, sizeof(name), "in/f%03d.csv", i);
    WriteFile(dir.Sub(name), std::to_string(i) + ",x\n" + std::to_string(i) + ",y\n", kT0 + i);
  }
  auto source = MakeSource("csv", {{"path", dir.Sub("in")}}, "n INT, s STRING");
  ASSERT_OK_AND_ASSIGN(Offset end, source->LatestOffset(Offset(), ReadLimit{}));
  auto rows = ReadRange(source.get(), Offset(), end);
  ASSERT_EQ(rows.size(), 80u);
  for (int i = 0; i < 40; ++i) {
    EXPECT_EQ(rows[2 * i], std::to_string(i) + "|x");
    EXPECT_EQ(rows[2 * i + 1], std::to_string(i) + "|y");
  }
}

}  // namespace
}  // namespace sluice::connectors
