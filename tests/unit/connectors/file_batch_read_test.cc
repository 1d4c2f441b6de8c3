#include <gtest/gtest.h>

#include "file_test_util.h"
#include "sluice/connectors/file/options.h"
#include "sluice/connectors/file/read_files.h"
#include "sluice/connectors/registry.h"
#include "test_util.h"

namespace sluice::connectors {
namespace {

using testing::Ctx;
using testing::RowStrings;
using testing::TempDir;
using testing::WriteFile;
using Lines = std::vector<std::string>;

TEST(FileBatchReadTest, RegistryKnowsTheFileAndSocketFormats) {
  ASSERT_OK_AND_ASSIGN(const ConnectorInfo* json, FindConnector("JSON"));
  EXPECT_EQ(json->kind, ConnectorKind::kBoth);
  EXPECT_NE(json->batch_read, nullptr);
  EXPECT_EQ(json->schema_mode, SourceSchemaMode::kUserRequired);
  ASSERT_OK_AND_ASSIGN(const ConnectorInfo* text, FindConnector("text"));
  EXPECT_EQ(text->schema_mode, SourceSchemaMode::kUserOrConnector);
  ASSERT_OK_AND_ASSIGN(const ConnectorInfo* socket, FindConnector("socket"));
  EXPECT_EQ(socket->kind, ConnectorKind::kSource);
  EXPECT_EQ(socket->batch_read, nullptr);
  auto no_batch = ReadBatch("rate", Ctx({}));
  ASSERT_FALSE(no_batch.ok());
  EXPECT_EQ(no_batch.status().message(),
            "Data source rate does not support batch reads; formats with batch reads: csv, json, text");
  std::string help = ConnectorHelpText();
  EXPECT_NE(help.find("json (source and sink): "), std::string::npos);
  EXPECT_NE(help.find("    maxFilesPerTrigger (int): "), std::string::npos) << help;
  EXPECT_NE(help.find("    partitionBy (string): "), std::string::npos);
  EXPECT_NE(help.find("socket (source): "), std::string::npos);
}

TEST(FileBatchReadTest, ReadsWithAUserSchemaAndNeverReturnsNothing) {
  TempDir dir;
  WriteFile(dir.Sub("a.json"), "{\"a\":1}\n");
  WriteFile(dir.Sub("sub/b.json"), "{\"a\":2}\n");
  ASSERT_OK_AND_ASSIGN(auto batches, ReadBatch("json", Ctx({{"path", dir.path()}}, "a INT")));
  EXPECT_EQ(RowStrings(batches), (Lines{"1", "2"}));
  // A single file as the path.
  ASSERT_OK_AND_ASSIGN(auto one, ReadBatch("json", Ctx({{"path", dir.Sub("a.json")}}, "a INT")));
  EXPECT_EQ(RowStrings(one), (Lines{"1"}));
  // Streaming-only options are accepted.
  EXPECT_TRUE(ReadBatch("json", Ctx({{"path", dir.path()}, {"maxFilesPerTrigger", "1"}}, "a INT")).ok());
  TempDir empty;
  ASSERT_OK_AND_ASSIGN(auto none, ReadBatch("json", Ctx({{"path", empty.path()}}, "a INT")));
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(none[0]->num_rows(), 0);
  EXPECT_EQ(none[0]->schema()->ToString(), "a INT");
  auto missing = ReadBatch("json", Ctx({{"path", dir.Sub("nope")}}, "a INT"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kAnalysisError);
  EXPECT_NE(missing.status().message().find("Path does not exist: file:" + dir.Sub("nope")), std::string::npos);
}

TEST(FileBatchReadTest, InfersJsonSchemas) {
  TempDir dir;
  WriteFile(dir.Sub("a.json"), "{\"b\":1,\"a\":\"x\",\"n\":null}\n{\"b\":2.5,\"c\":[1,2],\"s\":{\"z\":true}}\n");
  WriteFile(dir.Sub("b.json"), "{\"b\":3,\"a\":4,\"c\":[]}\nnot json\n");
  ASSERT_OK_AND_ASSIGN(auto batches, ReadBatch("json", Ctx({{"path", dir.path()}})));
  EXPECT_EQ(batches[0]->schema()->ToString(),
            "_corrupt_record STRING, a STRING, b DOUBLE, c ARRAY<BIGINT>, n STRING, s STRUCT<z: BOOLEAN>");
  EXPECT_EQ(RowStrings(batches), (Lines{"NULL|x|1.0|NULL|NULL|NULL", "NULL|NULL|2.5|[1, 2]|NULL|{true}",
                                        "NULL|4|3.0|[]|NULL|NULL", "not json|NULL|NULL|NULL|NULL|NULL"}));
  ASSERT_OK_AND_ASSIGN(auto dropped, ReadBatch("json", Ctx({{"path", dir.path()}, {"mode", "DROPMALFORMED"}})));
  EXPECT_EQ(dropped[0]->schema()->ToString(), "a STRING, b DOUBLE, c ARRAY<BIGINT>, n STRING, s STRUCT<z: BOOLEAN>");
  EXPECT_EQ(RowStrings(dropped).size(), 3u);
  TempDir empty;
  auto none = ReadBatch("json", Ctx({{"path", empty.path()}}));
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().message(), "Unable to infer schema for JSON. It must be specified manually.");
}

TEST(FileBatchReadTest, InfersCsvSchemasAndPartitionColumns) {
  TempDir dir;
  WriteFile(dir.Sub("year=2024/a.csv"), "name,n,name\nann,1,x\n");
  WriteFile(dir.Sub("year=2023/b.csv"), "name,n,name\nbob,2,y\n");
  ASSERT_OK_AND_ASSIGN(auto batches, ReadBatch("csv", Ctx({{"path", dir.path()}, {"header", "true"}})));
  EXPECT_EQ(batches[0]->schema()->ToString(), "name0 STRING, n STRING, name2 STRING, year INT");
  EXPECT_EQ(RowStrings(batches), (Lines{"bob|2|y|2023", "ann|1|x|2024"}));
  ASSERT_OK_AND_ASSIGN(auto plain, ReadBatch("csv", Ctx({{"path", dir.Sub("year=2024")}})));
  EXPECT_EQ(plain[0]->schema()->ToString(), "_c0 STRING, _c1 STRING, _c2 STRING");
  TempDir empty;
  auto none = ReadBatch("csv", Ctx({{"path", empty.path()}}));
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().message(), "Unable to infer schema for CSV. It must be specified manually.");
}

TEST(FileBatchReadTest, TextReadsLinesOrWholeFiles) {
  TempDir dir;
  WriteFile(dir.Sub("a.txt"), "one\r\n\ntwo\rthree");
  ASSERT_OK_AND_ASSIGN(auto lines, ReadBatch("text", Ctx({{"path", dir.path()}})));
  EXPECT_EQ(lines[0]->schema()->ToString(), "value STRING");
  EXPECT_EQ(RowStrings(lines), (Lines{"one", "", "two", "three"}));
  ASSERT_OK_AND_ASSIGN(auto whole, ReadBatch("text", Ctx({{"path", dir.path()}, {"wholetext", "true"}})));
  EXPECT_EQ(RowStrings(whole), (Lines{"one\r\n\ntwo\rthree"}));
}

TEST(FileBatchReadTest, DirectCallWithParsedOptions) {
  TempDir dir;
  WriteFile(dir.Sub("a.csv"), "1;2\n");
  ASSERT_OK_AND_ASSIGN(auto options, ConnectorOptions::Parse("source 'csv'", FileSourceOptionTable(FileFormat::kCsv),
                                                             {{"path", dir.path()}, {"sep", ";"}}));
  ASSERT_OK_AND_ASSIGN(auto batches, ReadFiles(FileFormat::kCsv, options, testing::SchemaOf("a INT, b INT")));
  EXPECT_EQ(RowStrings(batches), (Lines{"1|2"}));
}

}  // namespace
}  // namespace sluice::connectors
