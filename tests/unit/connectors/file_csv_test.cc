#include <gtest/gtest.h>

#include "file_test_util.h"
#include "sluice/connectors/file/csv_record_parser.h"
#include "sluice/connectors/registry.h"
#include "test_util.h"

namespace sluice::connectors {
namespace {

using testing::Ctx;
using testing::RowStrings;
using testing::TempDir;
using testing::WriteFile;
using Lines = std::vector<std::string>;

Result<Lines> ReadCsv(const std::string& contents, const std::string& ddl,
                      std::map<std::string, std::string> options = {}) {
  TempDir dir;
  WriteFile(dir.Sub("in/data.csv"), contents);
  options["path"] = dir.Sub("in");
  SLUICE_ASSIGN_OR_RETURN(std::vector<types::BatchPtr> batches, ReadBatch("csv", Ctx(options, ddl)));
  return RowStrings(batches);
}

Lines Rows(const std::string& contents, const std::string& ddl, std::map<std::string, std::string> options = {}) {
  auto r = ReadCsv(contents, ddl, std::move(options));
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : Lines{"<error>"};
}

std::vector<std::string> Split(const std::string& line, CsvReadSettings settings = {}) {
  CsvTokenizer tokenizer(settings);
  std::vector<CsvToken> tokens;
  tokenizer.Split(line, &tokens);
  std::vector<std::string> out;
  for (const auto& t : tokens) out.push_back((t.quoted ? "Q:" : "") + std::string(tokenizer.Text(line, t)));
  return out;
}

TEST(FileCsvTest, Tokenizer) {
  EXPECT_EQ(Split("a,b,c"), (Lines{"a", "b", "c"}));
  EXPECT_EQ(Split("a,,"), (Lines{"a", "", ""}));
  EXPECT_EQ(Split("\"a,b\",\"say \\\"hi\\\"\",\"x\"\"y\""), (Lines{"Q:a,b", "Q:say \"hi\"", "Q:x\"y"}));
  EXPECT_EQ(Split("\"\",x"), (Lines{"Q:", "x"}));
  EXPECT_EQ(Split("in\"side,\"ab\"cd"), (Lines{"in\"side", "Q:abcd"}));
  EXPECT_EQ(Split(" a , b "), (Lines{" a ", " b "}));
  CsvReadSettings trim;
  trim.ignore_leading_whitespace = true;
  trim.ignore_trailing_whitespace = true;
  EXPECT_EQ(Split(" a , \"b\" ", trim), (Lines{"a", "Q:b"}));
  CsvReadSettings multi;
  multi.sep = "||";
  EXPECT_EQ(Split("a||b|c||", multi), (Lines{"a", "b|c", ""}));
  CsvReadSettings no_quotes;
  no_quotes.quote = '\0';
  EXPECT_EQ(Split("\"a\",b", no_quotes), (Lines{"\"a\"", "b"}));
}

TEST(FileCsvTest, ConvertsTypesLikeJava) {
  EXPECT_EQ(Rows("1,9000000000,1.5,true,hello,2024-01-01 10:00:00,2024-01-02\n"
                 "+2,-1,1e3,FALSE,,2024-01-01T10:00:00Z,2024-01-02\n"
                 "3,0, 2.5d ,True,x,2024-01-01,2024-1-2\n"
                 "4,0,Inf,true,x,,\n"
                 "5,0,-Inf,true,x,,\n"
                 "6,0,NaN,true,x,,\n",
                 "i INT, l BIGINT, d DOUBLE, b BOOLEAN, s STRING, ts TIMESTAMP, dt DATE"),
            (Lines{"1|9000000000|1.5|true|hello|2024-01-01 10:00:00|2024-01-02",
                   "2|-1|1000.0|false|NULL|2024-01-01 10:00:00|2024-01-02",
                   "3|0|2.5|true|x|2024-01-01 00:00:00|2024-01-02", "4|0|Infinity|true|x|NULL|NULL",
                   "5|0|-Infinity|true|x|NULL|NULL", "6|0|NaN|true|x|NULL|NULL"}));
}

TEST(FileCsvTest, HeaderCommentsBlankLinesAndSeparators) {
  EXPECT_EQ(Rows("# comment\n\nname;n\n  \nann;1\n#x;2\nbob;3\n", "name STRING, n INT",
                 {{"header", "true"}, {"sep", ";"}, {"comment", "#"}}),
            (Lines{"ann|1", "bob|3"}));
  EXPECT_EQ(Rows("a\t1\nb\t2\n", "s STRING, n INT", {{"delimiter", "\\t"}}), (Lines{"a|1", "b|2"}));
  auto both = ReadCsv("a\n", "s STRING", {{"sep", ","}, {"delimiter", ";"}});
  ASSERT_FALSE(both.ok());
  auto empty = ReadCsv("a\n", "s STRING", {{"sep", ""}});
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("Delimiter cannot be empty string"), std::string::npos);
}

TEST(FileCsvTest, NullAndEmptyValues) {
  // By default both "" and an empty field read as NULL (nullValue and emptyValue are "").
  EXPECT_EQ(Rows("a,\"\",\n", "x STRING, y STRING, z STRING"), (Lines{"a|NULL|NULL"}));
  EXPECT_EQ(Rows("NA,\"\",,NA\n", "x STRING, y STRING, z STRING, n INT", {{"nullValue", "NA"}}),
            (Lines{"NULL||NULL|NULL"}));
  EXPECT_EQ(Rows("a,\"\"\n", "x STRING, y STRING", {{"emptyValue", "<empty>"}}), (Lines{"a|<empty>"}));
  EXPECT_EQ(Rows("nan,pinf\n", "a DOUBLE, b DOUBLE", {{"nanValue", "nan"}, {"positiveInf", "pinf"}}),
            (Lines{"NaN|Infinity"}));
}

TEST(FileCsvTest, QuoteEscapeAndWhitespaceOptions) {
  EXPECT_EQ(Rows("'a;b';'it''s'\n", "x STRING, y STRING", {{"quote", "'"}, {"sep", ";"}}), (Lines{"a;b|it's"}));
  EXPECT_EQ(Rows("\"a#\"b\",c\n", "x STRING, y STRING", {{"escape", "#"}}), (Lines{"a\"b|c"}));
  EXPECT_EQ(Rows(" a , 1 \n", "x STRING, n INT", {{"ignoreLeadingWhiteSpace", "true"}, {"ignoreTrailingWhiteSpace", "true"}}),
            (Lines{"a|1"}));
  // Without trimming " 1 " is not an INT (Integer.parseInt) and the row is malformed.
  EXPECT_EQ(Rows(" a , 1 \n", "x STRING, n INT"), (Lines{" a |NULL"}));
  auto quote = ReadCsv("a\n", "x STRING", {{"quote", "ab"}});
  ASSERT_FALSE(quote.ok());
  EXPECT_NE(quote.status().message().find("option 'quote' must be a single character"), std::string::npos);
}

TEST(FileCsvTest, WrongNumberOfValuesFollowsSpark3) {
  std::string data = "1,a\n2\n3,c,extra\n4,d\n";
  // PERMISSIVE: missing values are NULL, extra ones dropped, and the line goes to the
  // corrupt-record column.
  EXPECT_EQ(Rows(data, "n INT, s STRING, _corrupt_record STRING"),
            (Lines{"1|a|NULL", "2|NULL|2", "3|c|3,c,extra", "4|d|NULL"}));
  EXPECT_EQ(Rows(data, "n INT, s STRING"), (Lines{"1|a", "2|NULL", "3|c", "4|d"}));
  EXPECT_EQ(Rows(data, "n INT, s STRING", {{"mode", "DROPMALFORMED"}}), (Lines{"1|a", "4|d"}));
  auto fail = ReadCsv(data, "n INT, s STRING", {{"mode", "FAILFAST"}});
  ASSERT_FALSE(fail.ok());
  EXPECT_NE(fail.status().message().find("Malformed records are detected in record parsing. Parse Mode: FAILFAST."),
            std::string::npos);
  EXPECT_NE(fail.status().message().find("data.csv, line 2: expected 2 values, found 1: 2)"), std::string::npos)
      << fail.status().message();
}

TEST(FileCsvTest, BadValuesAreMalformed) {
  std::string data = "1,2024-01-01\nx,2024-01-02\n3,not a date\n";
  EXPECT_EQ(Rows(data, "n INT, d DATE, _corrupt_record STRING"),
            (Lines{"1|2024-01-01|NULL", "NULL|2024-01-02|x,2024-01-02", "3|NULL|3,not a date"}));
  EXPECT_EQ(Rows(data, "n INT, d DATE", {{"mode", "dropmalformed"}}), (Lines{"1|2024-01-01"}));
  auto fail = ReadCsv(data, "n INT, d DATE", {{"mode", "failfast"}});
  ASSERT_FALSE(fail.ok());
  EXPECT_NE(fail.status().message().find("line 2: value 'x' of column 'n' cannot be read as INT"), std::string::npos)
      << fail.status().message();
  EXPECT_EQ(Rows("99999999999\n", "n INT"), (Lines{"NULL"}));  // overflow
}

TEST(FileCsvTest, TimestampAndDateFormats) {
  EXPECT_EQ(Rows("2024/01/02 03:04:05.123,20240102\n", "t TIMESTAMP, d DATE",
                 {{"timestampFormat", "yyyy/MM/dd HH:mm:ss.SSS"}, {"dateFormat", "yyyyMMdd"}}),
            (Lines{"2024-01-02 03:04:05.123|2024-01-02"}));
  // With a pattern, text in another shape is malformed (no fallback to CAST rules).
  EXPECT_EQ(Rows("2024-01-02 03:04:05\n", "t TIMESTAMP", {{"timestampFormat", "yyyy/MM/dd HH:mm:ss"}}),
            (Lines{"NULL"}));
}

TEST(FileCsvTest, UnsupportedSchemasAndOptions) {
  auto nested = ReadCsv("a\n", "x ARRAY<INT>");
  ASSERT_FALSE(nested.ok());
  EXPECT_EQ(nested.status().code(), StatusCode::kAnalysisError);
  EXPECT_NE(nested.status().message().find("The CSV datasource doesn't support the column `x` of the type \"ARRAY<INT>\""),
            std::string::npos)
      << nested.status().message();
  auto encoding = ReadCsv("a\n", "x STRING", {{"encoding", "latin1"}});
  ASSERT_FALSE(encoding.ok());
  EXPECT_NE(encoding.status().message().find("encoding 'latin1' is not supported"), std::string::npos);
  auto multi = ReadCsv("a\n", "x STRING", {{"multiLine", "true"}});
  ASSERT_FALSE(multi.ok());
}

}  // namespace
}  // namespace sluice::connectors
