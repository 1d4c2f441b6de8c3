#include <gtest/gtest.h>

#include "file_test_util.h"
#include "sluice/common/config.h"
#include "sluice/connectors/registry.h"
#include "test_util.h"

namespace sluice::connectors {
namespace {

using testing::Ctx;
using testing::RowStrings;
using testing::TempDir;
using testing::WriteFile;

// Reads `contents` as one JSON file with `ddl` and `options` through the registry's batch reader.
Result<std::vector<std::string>> ReadJson(const std::string& contents, const std::string& ddl,
                                          std::map<std::string, std::string> options = {},
                                          const Config* conf = nullptr) {
  TempDir dir;
  WriteFile(dir.Sub("in/data.json"), contents);
  options["path"] = dir.Sub("in");
  ConnectorContext ctx = Ctx(options, ddl);
  ctx.conf = conf;
  SLUICE_ASSIGN_OR_RETURN(std::vector<types::BatchPtr> batches, ReadBatch("json", ctx));
  return RowStrings(batches);
}

std::vector<std::string> Rows(const std::string& contents, const std::string& ddl,
                              std::map<std::string, std::string> options = {}) {
  auto r = ReadJson(contents, ddl, std::move(options));
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : std::vector<std::string>{"<error>"};
}

using Lines = std::vector<std::string>;

TEST(FileJsonTest, ConvertsEveryType) {
  std::string ddl =
      "b BOOLEAN, i INT, l BIGINT, d DOUBLE, s STRING, ts TIMESTAMP, dt DATE, arr ARRAY<INT>, "
      "st STRUCT<x: INT, y: STRING>, bin BINARY";
  EXPECT_EQ(Rows("{\"b\":true,\"i\":-5,\"l\":9000000000,\"d\":1.5,\"s\":\"h\\u00e9\\\"\",\"ts\":\"2024-01-01T10:00:00.000Z\","
                 "\"dt\":\"2024-02-29\",\"arr\":[1,null,3],\"st\":{\"y\":\"q\",\"x\":7},\"bin\":\"aGk=\"}\n",
                 ddl),
            (Lines{"true|-5|9000000000|1.5|h\xC3\xA9\"|2024-01-01 10:00:00|2024-02-29|[1, null, 3]|{7, q}|[68 69]"}));
}

TEST(FileJsonTest, MissingUnknownNullAndRepeatedFields) {
  EXPECT_EQ(Rows("{\"a\":1,\"zzz\":{\"deep\":[1,2]},\"b\":null}\n"
                 "\n"
                 "   \n"
                 "{\"b\":\"x\",\"a\":2,\"a\":3}\n"
                 "{\"A\":4}\n",
                 "a INT, b STRING"),
            (Lines{"1|NULL", "3|x", "NULL|NULL"}));  // names are case-sensitive, as in Spark
}

TEST(FileJsonTest, StringColumnsKeepOtherValuesAsJsonText) {
  EXPECT_EQ(Rows("{\"s\":{\"a\":[1,2.5,true,null,\"t\"]}}\n{\"s\":12}\n{\"s\":1.0E20}\n{\"s\":false}\n", "s STRING"),
            (Lines{"{\"a\":[1,2.5,true,null,\"t\"]}", "12", "1.0E20", "false"}));
}

TEST(FileJsonTest, SpecialDoublesAndTimestampsFromNumbers) {
  EXPECT_EQ(Rows("{\"d\":\"NaN\",\"t\":0}\n{\"d\":\"-Infinity\",\"t\":1700000000}\n{\"d\":3,\"t\":null}\n",
                 "d DOUBLE, t TIMESTAMP"),
            (Lines{"NaN|1970-01-01 00:00:00", "-Infinity|2023-11-14 22:13:20", "3.0|NULL"}));
}

TEST(FileJsonTest, TopLevelArraysLineEndingsAndByteOrderMark) {
  EXPECT_EQ(Rows("\xEF\xBB\xBF[{\"a\":1},{\"a\":2}]\r\n[]\r{\"a\":3}", "a INT"), (Lines{"1", "2", "3"}));
}

TEST(FileJsonTest, PermissiveKeepsGoodFieldsAndTheRawLine) {
  std::string data =
      "{\"a\":1,\"b\":\"x\"}\n"
      "{\"a\":\"oops\",\"b\":\"y\"}\n"
      "{bad json\n"
      "42\n"
      "[1,2]\n"
      "{\"a\":99999999999,\"b\":\"z\"}\n";
  EXPECT_EQ(Rows(data, "a INT, b STRING, _corrupt_record STRING"),
            (Lines{"1|x|NULL", "NULL|y|{\"a\":\"oops\",\"b\":\"y\"}", "NULL|NULL|{bad json", "NULL|NULL|42",
                   "NULL|NULL|[1,2]", "NULL|z|{\"a\":99999999999,\"b\":\"z\"}"}));
  // Without the corrupt-record column the rows stay, with NULLs.
  EXPECT_EQ(Rows(data, "a INT, b STRING"), (Lines{"1|x", "NULL|y", "NULL|NULL", "NULL|NULL", "NULL|NULL", "NULL|z"}));
  // Another name for the column.
  EXPECT_EQ(Rows("{\"a\":true}\n", "bad STRING, a INT", {{"columnNameOfCorruptRecord", "bad"}}),
            (Lines{"{\"a\":true}|NULL"}));
  // A nested failure voids the whole top-level field.
  EXPECT_EQ(Rows("{\"st\":{\"x\":\"no\"},\"k\":1}\n", "st STRUCT<x: INT>, k INT, _corrupt_record STRING"),
            (Lines{"NULL|1|{\"st\":{\"x\":\"no\"},\"k\":1}"}));
}

TEST(FileJsonTest, DropMalformedDropsBadRecords) {
  EXPECT_EQ(Rows("{\"a\":1}\n{\"a\":\"x\"}\nnot json\n{\"a\":2}\n", "a INT, _corrupt_record STRING",
                 {{"mode", "dropMalformed"}}),
            (Lines{"1|NULL", "2|NULL"}));
}

TEST(FileJsonTest, FailFastNamesFileAndLine) {
  TempDir dir;
  WriteFile(dir.Sub("in/data.json"), "{\"a\":1}\n\n{\"a\":\"x\"}\n");
  auto r = ReadBatch("json", Ctx({{"path", dir.Sub("in")}, {"mode", "FAILFAST"}}, "a INT"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kExecutionError);
  EXPECT_EQ(r.status().message(),
            "Malformed records are detected in record parsing. Parse Mode: FAILFAST. To process malformed records as "
            "null result, try setting the option 'mode' as 'PERMISSIVE'. (file:" +
                dir.Sub("in/data.json") +
                ", line 3: field 'a': a string (\"x\") cannot be read as INT: {\"a\":\"x\"})");
  auto syntax = ReadJson("{\"a\":1}\n{\"a\":\n", "a INT", {{"mode", "failfast"}});
  ASSERT_FALSE(syntax.ok());
  EXPECT_NE(syntax.status().message().find("line 2: invalid JSON"), std::string::npos) << syntax.status().message();
}

TEST(FileJsonTest, TimestampAndDateFormats) {
  EXPECT_EQ(Rows("{\"t\":\"01/02/2024 13:45\",\"d\":\"02.01.2024\"}\n{\"t\":\"2024-01-01\",\"d\":\"x\"}\n",
                 "t TIMESTAMP, d DATE, _corrupt_record STRING",
                 {{"timestampFormat", "dd/MM/yyyy HH:mm"}, {"dateFormat", "dd.MM.yyyy"}}),
            (Lines{"2024-02-01 13:45:00|2024-01-02|NULL",
                   "NULL|NULL|{\"t\":\"2024-01-01\",\"d\":\"x\"}"}));
  // Default parsing follows CAST rules; local times are in the session zone or timeZone.
  Config conf;
  conf.Set("spark.sql.session.timeZone", "+02:00");
  auto zoned = ReadJson("{\"t\":\"2024-01-01 10:00:00\"}\n{\"t\":\"2024-01-01T10:00:00Z\"}\n", "t TIMESTAMP", {}, &conf);
  ASSERT_OK(zoned.status());
  EXPECT_EQ(*zoned, (Lines{"2024-01-01 08:00:00", "2024-01-01 10:00:00"}));
  EXPECT_EQ(Rows("{\"t\":\"2024-01-01 10:00:00\"}\n", "t TIMESTAMP", {{"timeZone", "-01:00"}}),
            (Lines{"2024-01-01 11:00:00"}));
}

TEST(FileJsonTest, BadOptionsAndSchemas) {
  auto multi = ReadJson("{}\n", "a INT", {{"multiLine", "true"}});
  ASSERT_FALSE(multi.ok());
  EXPECT_NE(multi.status().message().find("multiLine 'true' is not supported"), std::string::npos);
  auto encoding = ReadJson("{}\n", "a INT", {{"encoding", "UTF-16"}});
  ASSERT_FALSE(encoding.ok());
  EXPECT_NE(encoding.status().message().find("encoding 'UTF-16' is not supported"), std::string::npos);
  EXPECT_TRUE(ReadJson("{}\n", "a INT", {{"charset", "utf8"}}).ok());
  auto mode = ReadJson("{}\n", "a INT", {{"mode", "lenient"}});
  ASSERT_FALSE(mode.ok());
  EXPECT_EQ(mode.status().message(),
            "Invalid value 'lenient' for option 'mode'; valid modes: PERMISSIVE, DROPMALFORMED, FAILFAST");
  auto corrupt = ReadJson("{}\n", "a INT, _corrupt_record INT");
  ASSERT_FALSE(corrupt.ok());
  EXPECT_NE(corrupt.status().message().find("The field for corrupt records must be string type and nullable"),
            std::string::npos);
  auto pattern = ReadJson("{}\n", "a INT", {{"timestampFormat", "yyyy-MM-dd QQ"}});
  ASSERT_FALSE(pattern.ok());
  EXPECT_NE(pattern.status().message().find("unsupported pattern letter 'Q'"), std::string::npos);
  auto zone = ReadJson("{}\n", "a INT", {{"timeZone", "Mars/Base"}});
  ASSERT_FALSE(zone.ok());
  EXPECT_NE(zone.status().message().find("Mars/Base"), std::string::npos);
}

}  // namespace
}  // namespace sluice::connectors
