// Static DataFrames: transformations, schema, collect/show, and analysis errors thrown at
// the call that introduced them.

#include <gtest/gtest.h>

#include "api_test_util.h"

namespace sluice {
namespace {

using namespace sluice::functions;  // NOLINT: the API is meant to be used this way
using api_testing::RowsText;
using api_testing::Sorted;
using api_testing::ThrowsWith;

class DataFrameTest : public ::testing::Test {
 protected:
  void SetUp() override {
    session_ = Session::Create();
    people_ = session_->createDataFrame(
        {MakeRow("alice", 34, "a"), MakeRow("bob", 19, "b"), MakeRow("carol", 52, nullptr), MakeRow("dave", 19, "a")},
        "name STRING, age INT, team STRING");
  }

  std::shared_ptr<Session> session_;
  std::optional<DataFrame> people_;
};

TEST_F(DataFrameTest, SchemaColumnsAndDtypes) {
  EXPECT_FALSE(people_->isStreaming());
  EXPECT_EQ(people_->columns(), (std::vector<std::string>{"name", "age", "team"}));
  EXPECT_EQ(people_->schema().field(1).type->id(), types::TypeId::kInt);
  auto dtypes = people_->dtypes();
  ASSERT_EQ(dtypes.size(), 3u);
  EXPECT_EQ(dtypes[1], (std::pair<std::string, std::string>{"age", "int"}));
  EXPECT_EQ(people_->schemaTreeString(),
            "root\n"
            " |-- name: string (nullable = true)\n"
            " |-- age: integer (nullable = true)\n"
            " |-- team: string (nullable = true)\n");
}

TEST_F(DataFrameTest, WhereSelectWithColumnCollect) {
  auto rows = people_->where(col("age") > 20)
                  .select(col("name"), (col("age") + 1).alias("next_age"))
                  .withColumn("adult", col("next_age") >= 18)
                  .collect();
  std::vector<types::Row> expected = {MakeRow("alice", 35, true), MakeRow("carol", 53, true)};
  EXPECT_EQ(Sorted(rows), expected) << RowsText(rows);
}

TEST_F(DataFrameTest, WhereWithSqlTextAndSelectExpr) {
  auto rows = people_->where("age < 30").selectExpr("upper(name) AS n", "age * 2").collect();
  std::vector<types::Row> expected = {MakeRow("BOB", 38), MakeRow("DAVE", 38)};
  EXPECT_EQ(Sorted(rows), expected) << RowsText(rows);
  EXPECT_EQ(people_->selectExpr("age * 2").columns(), (std::vector<std::string>{"(age * 2)"}));
}

TEST_F(DataFrameTest, GroupByAggregatesAndOrderBy) {
  auto df = people_->groupBy("age").agg(count("*").alias("n"), max("name").alias("last")).orderBy(col("age").desc());
  EXPECT_EQ(df.columns(), (std::vector<std::string>{"age", "n", "last"}));
  std::vector<types::Row> expected = {MakeRow(52, 1, "carol"), MakeRow(34, 1, "alice"), MakeRow(19, 2, "dave")};
  auto rows = df.collect();
  EXPECT_EQ(rows, expected) << RowsText(rows);

  auto counts = people_->groupBy("team").count();
  EXPECT_EQ(counts.columns(), (std::vector<std::string>{"team", "count"}));
  EXPECT_EQ(counts.count(), 3);  // a, b, NULL
  EXPECT_EQ(people_->groupBy().sum("age").columns(), (std::vector<std::string>{"sum(age)"}));
  EXPECT_EQ(people_->agg(sum("age")).collect(), (std::vector<types::Row>{MakeRow(124)}));
}

TEST_F(DataFrameTest, CountTakeLimitDistinctDrop) {
  EXPECT_EQ(people_->count(), 4);
  EXPECT_EQ(people_->take(2).size(), 2u);
  EXPECT_EQ(people_->limit(3).count(), 3);
  EXPECT_EQ(people_->select("age").distinct().count(), 3);
  EXPECT_EQ(people_->dropDuplicates({"age"}).count(), 3);
  EXPECT_EQ(people_->drop("team", "no_such_column").columns(), (std::vector<std::string>{"name", "age"}));
  EXPECT_EQ(people_->withColumnRenamed("name", "who").columns()[0], "who");
}

TEST_F(DataFrameTest, JoinsAndUnions) {
  auto teams = session_->createDataFrame({MakeRow("a", "Red"), MakeRow("b", "Blue")}, "team STRING, color STRING");
  auto joined = people_->join(teams, "team").select("name", "color");
  std::vector<types::Row> expected = {MakeRow("alice", "Red"), MakeRow("bob", "Blue"), MakeRow("dave", "Red")};
  EXPECT_EQ(Sorted(joined.collect()), expected);

  auto left = people_->join(teams, std::vector<std::string>{"team"}, "left_outer");
  EXPECT_EQ(left.count(), 4);

  auto on = people_->alias("p").join(teams.alias("t"), col("p.team") == col("t.team"), "inner");
  EXPECT_EQ(on.count(), 3);

  auto more = session_->createDataFrame({MakeRow(70, "erin")}, "age INT, name STRING");
  auto by_name = people_->select("name", "age").unionByName(more);
  EXPECT_EQ(by_name.count(), 5);
  EXPECT_EQ(Sorted(by_name.where("age = 70").collect()), (std::vector<types::Row>{MakeRow("erin", 70)}));
  auto filled = people_->unionByName(more, /*allow_missing_columns=*/true);
  EXPECT_EQ(filled.where(col("team").isNull()).count(), 2);  // carol and erin
  EXPECT_TRUE(ThrowsWith<AnalysisException>([&] { people_->unionByName(more); }, "NUM_COLUMNS_MISMATCH"));
  EXPECT_EQ(people_->unionAll(*people_).count(), 8);
}

TEST_F(DataFrameTest, ShowStringMatchesSparkTable) {
  auto df = people_->select("name", "age").orderBy("name").limit(2);
  EXPECT_EQ(df.showString(),
            "+-----+---+\n"
            "| name|age|\n"
            "+-----+---+\n"
            "|alice| 34|\n"
            "|  bob| 19|\n"
            "+-----+---+\n");
  EXPECT_EQ(people_->select("name").orderBy("name").showString(1),
            "+-----+\n"
            "| name|\n"
            "+-----+\n"
            "|alice|\n"
            "+-----+\n"
            "only showing top 1 row\n");
}

TEST_F(DataFrameTest, UnknownColumnThrowsWithSuggestion) {
  EXPECT_TRUE(ThrowsWith<AnalysisException>([&] { people_->select("nme"); },
                                            "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function "
                                            "parameter with name `nme` cannot be resolved. Did you mean one of the "
                                            "following? [`name`"));
  EXPECT_TRUE(ThrowsWith<AnalysisException>([&] { people_->where("agee > 1"); }, "`age`"));
  EXPECT_TRUE(ThrowsWith<AnalysisException>([&] { people_->groupBy("tem"); }, "`team`"));
  // The error keeps its category.
  try {
    people_->select(col("nme"));
    FAIL() << "expected AnalysisException";
  } catch (const AnalysisException& e) {
    EXPECT_EQ(e.status().code(), StatusCode::kAnalysisError);
  }
  EXPECT_TRUE(ThrowsWith<ParseException>([&] { people_->where("age >"); }, "syntax error"));
}

TEST_F(DataFrameTest, CreateDataFrameCoercesAndValidatesRows) {
  auto df = session_->createDataFrame({MakeRow("2024-01-01 10:00:00", "2024-01-02", 3)},
                                      "ts TIMESTAMP, d DATE, x DOUBLE");
  auto rows = df.select(col("ts").cast("BIGINT"), col("d").cast("STRING"), col("x")).collect();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], types::Value::Int(1704103200));
  EXPECT_EQ(rows[0][1], types::Value::String("2024-01-02"));
  EXPECT_EQ(rows[0][2], types::Value::Double(3.0));
  EXPECT_TRUE(ThrowsWith<IllegalArgumentException>(
      [&] { session_->createDataFrame({MakeRow("x")}, "a INT"); }, "field 'a'"));
  EXPECT_TRUE(ThrowsWith<IllegalArgumentException>(
      [&] { session_->createDataFrame({MakeRow("yesterday")}, "ts TIMESTAMP"); }, "cannot parse 'yesterday'"));
  EXPECT_TRUE(ThrowsWith<ParseException>([&] { session_->createDataFrame({}, "a INTEGRAL"); }, "cannot parse schema"));
}

TEST_F(DataFrameTest, RangeAndExplain) {
  auto r = session_->range(0, 10, 3);
  EXPECT_EQ(r.collect(), (std::vector<types::Row>{MakeRow(0), MakeRow(3), MakeRow(6), MakeRow(9)}));
  EXPECT_EQ(session_->range(5).count(), 5);
  std::string plan = r.where("id > 2").explainString(/*extended=*/true);
  EXPECT_NE(plan.find("== Physical Plan =="), std::string::npos) << plan;
  EXPECT_NE(plan.find("== Analyzed Logical Plan =="), std::string::npos) << plan;
}

TEST_F(DataFrameTest, StreamingDataFrameCannotCollect) {
  auto stream = session_->memoryStream(api_testing::UniqueName("df_stream"), "value INT");
  DataFrame df = stream.toDF();
  EXPECT_TRUE(df.isStreaming());
  EXPECT_TRUE(ThrowsWith<AnalysisException>([&] { df.collect(); }, "writeStream"));
  EXPECT_TRUE(ThrowsWith<AnalysisException>([&] { people_->writeStream().format("console").start(); },
                                            "'writeStream' can be called only on streaming"));
}

}  // namespace
}  // namespace sluice
