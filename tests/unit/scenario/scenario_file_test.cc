#include "sluice/scenario/scenario_file.h"

#include <gtest/gtest.h>

#include "scenario_test_util.h"
#include "sluice/common/time.h"
#include "test_util.h"

namespace sluice::scenario {
namespace {

// Returns the error message of parsing `text`, or "" when it parsed.
std::string ParseErrorOf(const std::string& text) {
  auto s = ParseScenario(text, "x.scenario.json");
  return s.ok() ? "" : s.status().message();
}

constexpr const char* kMinimal = R"({
  "name": "map",
  "about": "adds one",
  "conf": {"spark.sql.session.timeZone": "UTC", "spark.sql.shuffle.partitions": 3},
  "sources": {"events": {"schema": "value INT, ts TIMESTAMP"}},
  "tables": {"users": {"schema": "id INT, name STRING", "rows": [[1, "a"]]}},
  "query": "SELECT value + 1 AS value FROM events",
  "outputMode": "update",
  "trigger": {"processingTime": "10 seconds"},
  "steps": [
    {"addData": {"events": [[1, "2021-01-01 00:00:00"]]}},
    {"advanceClock": "10 seconds"},
    {"checkNewAnswer": [[2]], "ordered": true},
    {"checkProgress": {"numInputRows": 1}, "of": "lastWithData"},
    {"stop": true},
    {"start": {"conf": {"spark.sql.shuffle.partitions": "5"}, "outputMode": "append"}},
    {"checkAnswer": [[2]]},
    {"expectFailure": "boom"}
  ]
})";

TEST(ScenarioFileTest, ParsesEveryTopLevelKeyAndStep) {
  ASSERT_OK_AND_ASSIGN(Scenario s, ParseScenario(kMinimal, "x.scenario.json"));
  EXPECT_EQ(s.name, "map");
  EXPECT_EQ(s.about, "adds one");
  EXPECT_EQ(s.conf.GetString(conf::kSessionTimeZone, ""), "UTC");
  EXPECT_EQ(s.conf.GetString(conf::kShufflePartitions, ""), "3");  // a number is taken as written
  ASSERT_EQ(s.sources.size(), 1u);
  EXPECT_EQ(s.sources[0].name, "events");
  EXPECT_EQ(s.sources[0].schema->ToString(), "value INT, ts TIMESTAMP");
  ASSERT_EQ(s.tables.size(), 1u);
  EXPECT_EQ(s.tables[0].rows.size(), 1u);
  EXPECT_EQ(s.query, "SELECT value + 1 AS value FROM events");
  EXPECT_TRUE(s.plan.is_null());
  EXPECT_EQ(s.output_mode, OutputMode::kUpdate);
  EXPECT_EQ(s.trigger.kind, runtime::Trigger::Kind::kProcessingTime);
  EXPECT_EQ(s.trigger.interval_micros, 10 * kMicrosPerSecond);
  ASSERT_EQ(s.steps.size(), 8u);
  EXPECT_EQ(s.steps[0].kind, StepKind::kAddData);
  EXPECT_EQ(s.steps[1].kind, StepKind::kAdvanceClock);
  EXPECT_EQ(s.steps[1].advance_micros, 10 * kMicrosPerSecond);
  EXPECT_EQ(s.steps[2].kind, StepKind::kCheckNewAnswer);
  EXPECT_TRUE(s.steps[2].ordered);
  EXPECT_EQ(s.steps[3].kind, StepKind::kCheckProgress);
  EXPECT_TRUE(s.steps[3].of_last_with_data);
  EXPECT_EQ(s.steps[5].kind, StepKind::kStart);
  EXPECT_EQ(s.steps[6].kind, StepKind::kCheckAnswer);
  EXPECT_FALSE(s.steps[6].ordered);
  EXPECT_EQ(s.steps[7].kind, StepKind::kExpectFailure);
  EXPECT_EQ(s.steps[7].arg, Json("boom"));
  EXPECT_EQ(s.QueryText(), s.query);
  EXPECT_STREQ(StepKindName(StepKind::kCheckNewAnswer), "checkNewAnswer");
}

TEST(ScenarioFileTest, DefaultsAreAppendAndDefaultTrigger) {
  ASSERT_OK_AND_ASSIGN(Scenario s, ParseScenario(R"({"name": "n", "sources": {"e": {"schema": "v INT"}},
      "plan": [{"source": "e"}, {"where": "v > 1"}], "steps": [{"checkAnswer": []}]})", "p"));
  EXPECT_EQ(s.output_mode, OutputMode::kAppend);
  EXPECT_EQ(s.trigger.kind, runtime::Trigger::Kind::kDefault);
  EXPECT_TRUE(s.query.empty());
  EXPECT_EQ(s.QueryText(), R"([{"source":"e"},{"where":"v > 1"}])");
}

TEST(ScenarioFileTest, InvalidJsonNamesFileAndPosition) {
  auto s = ParseScenario("{\n  \"name\": \"x\",\n  \"steps\": [}\n", "dir/bad.scenario.json");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kParseError);
  const std::string& m = s.status().message();
  EXPECT_EQ(m.rfind("dir/bad.scenario.json: invalid JSON: parse error at line 3, column", 0), 0u) << m;
  EXPECT_EQ(m.find("[json.exception"), std::string::npos) << m;
}

TEST(ScenarioFileTest, StructuralErrorsAreClear) {
  const std::string src = R"("sources": {"e": {"schema": "v INT"}})";
  EXPECT_NE(ParseErrorOf("[1, 2]").find("must be a JSON object"), std::string::npos);
  EXPECT_NE(ParseErrorOf(R"({"name": "n", )" + src + R"(, "steps": [{"checkAnswer": []}]})")
                .find("query: missing: give the query as \"query\""),
            std::string::npos);
  EXPECT_NE(ParseErrorOf(R"({"name": "n", )" + src + R"(, "query": "SELECT 1", "plan": [{"source": "e"}],
                             "steps": [{"checkAnswer": []}]})")
                .find("not both"),
            std::string::npos);
  EXPECT_NE(ParseErrorOf(R"({)" + src + R"(, "query": "q", "steps": [{"checkAnswer": []}]})").find("name: missing"),
            std::string::npos);
  EXPECT_NE(ParseErrorOf(R"({"name": "n", )" + src + R"(, "query": "q", "step": []})")
                .find("unknown key 'step' (known: name, about"),
            std::string::npos);
  EXPECT_NE(ParseErrorOf(R"({"name": "n", )" + src + R"(, "query": "q"})").find("steps: missing"), std::string::npos);

  std::string m = ParseErrorOf(R"({"name": "n", )" + src + R"(, "query": "q",
      "steps": [{"addData": {"e": [[1]]}}, {"checkAnswers": []}]})");
  EXPECT_EQ(m, "x.scenario.json: step 1: unknown step kind 'checkAnswers' (known: addData, processAllAvailable, "
               "checkNewAnswer, checkAnswer, checkProgress, stop, start, advanceClock, expectFailure, "
               "expectAnalysisError)");
}

TEST(ScenarioFileTest, StepShapesAreChecked) {
  auto with_steps = [](const std::string& steps) {
    return ParseErrorOf(R"({"name": "n", "sources": {"e": {"schema": "v INT"}}, "query": "q", "steps": )" + steps +
                        "}");
  };
  EXPECT_EQ(with_steps(R"([{"checkAnswer": []}])"), "");
  EXPECT_NE(with_steps(R"([{"addData": {"nope": [[1]]}}])").find("step 0 (addData): unknown source 'nope'"),
            std::string::npos);
  EXPECT_NE(with_steps(R"([{"addData": {"e": [1]}}])").find("list of JSON arrays"), std::string::npos);
  EXPECT_NE(with_steps(R"([{"checkAnswer": [1, 2]}])").find("list of JSON arrays"), std::string::npos);
  EXPECT_NE(with_steps(R"([{"checkAnswer": [], "of": "lastWithData"}])").find("unexpected key 'of'"),
            std::string::npos);
  EXPECT_NE(with_steps(R"([{"checkProgress": {"a": 1}, "ordered": true}])").find("unexpected key 'ordered'"),
            std::string::npos);
  EXPECT_NE(with_steps(R"([{"checkProgress": {"a": [1]}}])").find("must be compared with a number"),
            std::string::npos);
  EXPECT_NE(with_steps(R"([{"checkProgress": {"a": 1}, "of": "first"}])").find("of must be"), std::string::npos);
  EXPECT_NE(with_steps(R"([{"stop": false}])").find("takes the value true"), std::string::npos);
  EXPECT_NE(with_steps(R"([{"start": {"trigger": "x"}}])").find("unknown key 'trigger'"), std::string::npos);
  EXPECT_NE(with_steps(R"([{"start": {"outputMode": "sideways"}}])").find("not append, update or complete"),
            std::string::npos);
  EXPECT_NE(with_steps(R"([{"advanceClock": "soon"}])").find("step 0 (advanceClock)"), std::string::npos);
  EXPECT_NE(with_steps(R"([{"checkAnswer": []}, {"expectAnalysisError": "x"}])").find("must be the first step"),
            std::string::npos);
  EXPECT_NE(with_steps(R"([{"expectFailure": ""}])").find("expected error text"), std::string::npos);
  EXPECT_NE(with_steps(R"([{"stop": true, "start": {}}])").find("two step kinds"), std::string::npos);
}

TEST(ScenarioFileTest, SchemasTriggersAndModesAreChecked) {
  auto doc = [](const std::string& extra) {
    return ParseErrorOf(R"({"name": "n", "query": "q", "steps": [{"checkAnswer": []}], )" + extra + "}");
  };
  EXPECT_NE(doc(R"("sources": {"e": {"schema": "v NOPE"}})").find("source 'e': bad schema"), std::string::npos);
  EXPECT_NE(doc(R"("sources": {"e": {}})").find("source 'e'"), std::string::npos);
  EXPECT_NE(doc(R"("tables": {"t": {"schema": "v INT"}})").find("table 't'"), std::string::npos);
  EXPECT_NE(doc(R"("outputMode": "sideways")").find("outputMode"), std::string::npos);
  EXPECT_NE(doc(R"("trigger": {"processingTime": "often"})").find("trigger"), std::string::npos);
  EXPECT_NE(doc(R"("trigger": {"continuous": "1 second"})").find("trigger"), std::string::npos);
  EXPECT_NE(doc(R"("conf": {"a": [1]})").find("setting 'a' must be a string"), std::string::npos);
  EXPECT_EQ(doc(R"("trigger": {"once": true})"), "");
  EXPECT_EQ(doc(R"("trigger": {"availableNow": true})"), "");
}

TEST(ScenarioFileTest, BadPlanIsAStructuralError) {
  std::string m = ParseErrorOf(R"({"name": "n", "sources": {"e": {"schema": "v INT"}},
      "plan": [{"source": "e"}, {"filter": "v > 1"}], "steps": [{"checkAnswer": []}]})");
  EXPECT_NE(m.find("x.scenario.json: plan[1]: unknown plan operation 'filter'"), std::string::npos) << m;
}

TEST(ScenarioFileTest, LoadScenarioFileReportsMissingFile) {
  auto s = LoadScenarioFile("/nonexistent/dir/a.scenario.json");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kIOError);
  EXPECT_NE(s.status().message().find("/nonexistent/dir/a.scenario.json"), std::string::npos);
}

TEST(ScenarioFileTest, FindScenarioFilesRecursesAndSorts) {
  testing::TempFolder dir;
  dir.Write("b/z.scenario.json", "{}");
  dir.Write("b/a/deep.scenario.json", "{}");
  dir.Write("a.scenario.json", "{}");
  dir.Write("notes.json", "{}");
  dir.Write("README.md", "");
  std::string explicit_file = dir.Write("other/explicit.json", "{}");
  std::vector<std::string> missing;
  auto files = FindScenarioFiles({dir.path(), explicit_file, dir.path() + "/nothing-here"}, &missing);
  std::vector<std::string> want = {dir.path() + "/a.scenario.json", dir.path() + "/b/a/deep.scenario.json",
                                   dir.path() + "/b/z.scenario.json", dir.path() + "/other/explicit.json"};
  EXPECT_EQ(files, want);
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0], dir.path() + "/nothing-here: no such file or directory");
}

}  // namespace
}  // namespace sluice::scenario
