#include "sluice/scenario/runner.h"

#include <sstream>

#include <gtest/gtest.h>

#include "scenario_test_util.h"
#include "sluice/connectors/memory/memory_stream_registry.h"
#include "test_util.h"

namespace sluice::scenario {
namespace {

// The scenario JSON with a stateless query over one INT source, `steps` spliced in.
std::string MapScenario(const std::string& steps, const std::string& name = "map") {
  return R"({"name": ")" + name + R"(", "sources": {"events": {"schema": "value INT"}},
             "query": "SELECT value + 1 AS value FROM events", "steps": )" +
         steps + "}";
}

class RunnerTest : public ::testing::Test {
 protected:
  // Writes the scenario and runs it; the Result is an error only for unusable files.
  Result<ScenarioResult> Run(const std::string& json) {
    return RunScenarioFile(dir_.Write("t" + std::to_string(counter_++) + ".scenario.json", json));
  }

  // Runs a scenario that must be usable and returns its result.
  ScenarioResult MustRun(const std::string& json) {
    auto r = Run(json);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return ScenarioResult{};
    return *r;
  }

  testing::TempFolder dir_;
  int counter_ = 0;
};

// Shows why a scenario failed when a test expected it to pass.
std::string Why(const ScenarioResult& r) { return r.Headline() + "\n" + r.details; }

TEST_F(RunnerTest, StatelessQueryPassesAcrossRestart) {
  ScenarioResult r = MustRun(MapScenario(R"([
      {"addData": {"events": [[1], [2], [3]]}},
      {"checkAnswer": [[2], [3], [4]]},
      {"stop": true},
      {"addData": {"events": [[4], [5], [6]]}},
      {"start": {}},
      {"checkNewAnswer": [[7], [5], [6]]},
      {"checkAnswer": [[2], [3], [4], [5], [6], [7]]},
      {"addData": {"events": [[7]]}},
      {"processAllAvailable": true},
      {"checkNewAnswer": [[8]]},
      {"checkNewAnswer": []}])"));
  EXPECT_TRUE(r.passed) << Why(r);
  EXPECT_EQ(r.Headline(), "PASS map");
  EXPECT_EQ(r.failed_step, -1);
  EXPECT_EQ(r.log.size(), 11u);
}

TEST_F(RunnerTest, WrongAnswerFailsWithSideBySideDiff) {
  ScenarioResult r = MustRun(MapScenario(R"([
      {"addData": {"events": [[1], [2], [3]]}},
      {"checkAnswer": [[2], [3], [5]]}])"));
  ASSERT_FALSE(r.passed);
  EXPECT_EQ(r.Headline(), "FAIL map: step 1 (checkAnswer)");
  EXPECT_EQ(r.failed_step, 1);
  EXPECT_EQ(r.failed_kind, "checkAnswer");
  EXPECT_EQ(r.details,
            "query: SELECT value + 1 AS value FROM events\n"
            "compared: all rows in the sink\n"
            "result columns: value INT\n"
            "expected (3 rows) | actual (3 rows)\n"
            "  [2]             |   [2]\n"
            "  [3]             |   [3]\n"
            "- [5]             |\n"
            "                  | + [4]\n"
            "1 missing row, 1 extra row\n");
}

TEST_F(RunnerTest, CheckNewAnswerSeesOnlyRowsSinceThePreviousCheck) {
  ScenarioResult r = MustRun(MapScenario(R"([
      {"addData": {"events": [[1]]}},
      {"checkAnswer": [[2]]},
      {"addData": {"events": [[2]]}},
      {"checkNewAnswer": [[2], [3]]}])"));
  ASSERT_FALSE(r.passed);
  EXPECT_EQ(r.Headline(), "FAIL map: step 3 (checkNewAnswer)");
  EXPECT_NE(r.details.find("compared: rows received since the previous answer check"), std::string::npos);
  EXPECT_NE(r.details.find("- [2]"), std::string::npos) << r.details;
  EXPECT_NE(r.details.find("1 missing row, 0 extra rows"), std::string::npos) << r.details;
}

TEST_F(RunnerTest, OrderedAnswerCheck) {
  // One input partition keeps its order through a projection.
  ScenarioResult ok = MustRun(MapScenario(R"([
      {"addData": {"events": [[3], [1], [2]]}},
      {"checkAnswer": [[4], [2], [3]], "ordered": true}])"));
  EXPECT_TRUE(ok.passed) << Why(ok);

  ScenarioResult bad = MustRun(MapScenario(R"([
      {"addData": {"events": [[3], [1], [2]]}},
      {"checkAnswer": [[2], [3], [4]], "ordered": true}])"));
  ASSERT_FALSE(bad.passed);
  EXPECT_NE(bad.details.find("the same rows arrived in another order"), std::string::npos) << bad.details;
}

TEST_F(RunnerTest, SeveralAddDataStepsFormOneBatch) {
  ScenarioResult r = MustRun(MapScenario(R"([
      {"addData": {"events": [[1]]}},
      {"addData": {"events": []}},
      {"addData": {"events": [[2]]}},
      {"checkNewAnswer": [[2], [3]]},
      {"checkProgress": {"batchId": 0, "numInputRows": 2}}])"));
  EXPECT_TRUE(r.passed) << Why(r);
}

TEST_F(RunnerTest, CheckProgressPassesAndFails) {
  ScenarioResult ok = MustRun(MapScenario(R"([
      {"addData": {"events": [[1], [2], [3]]}},
      {"checkProgress": {"numInputRows": 3, "stateOperators[0]": "<absent>", "eventTime": "<absent>"}},
      {"checkProgress": {"numInputRows": 3.0}, "of": "lastWithData"}])"));
  EXPECT_TRUE(ok.passed) << Why(ok);

  ScenarioResult bad = MustRun(MapScenario(R"([
      {"addData": {"events": [[1], [2], [3]]}},
      {"checkProgress": {"numInputRows": 4, "batchId": "<absent>"}}])"));
  ASSERT_FALSE(bad.passed);
  EXPECT_EQ(bad.Headline(), "FAIL map: step 1 (checkProgress)");
  EXPECT_NE(bad.details.find("path: numInputRows\n  expected: 4\n  actual:   3\n"), std::string::npos) << bad.details;
  EXPECT_NE(bad.details.find("path: batchId\n  expected: <absent>\n  actual:   0\n"), std::string::npos)
      << bad.details;
  EXPECT_NE(bad.details.find("last progress:\n  {"), std::string::npos) << bad.details;
}

TEST_F(RunnerTest, CheckProgressBeforeAnyBatchFails) {
  ScenarioResult r = MustRun(MapScenario(R"([{"checkProgress": {"numInputRows": 0}}])"));
  ASSERT_FALSE(r.passed);
  EXPECT_NE(r.details.find("no last progress report yet"), std::string::npos) << r.details;
}

TEST_F(RunnerTest, CheckProgressRejectsMalformedPath) {
  ScenarioResult r = MustRun(MapScenario(R"([
      {"addData": {"events": [[1]]}},
      {"checkProgress": {"stateOperators[x]": 1}}])"));
  ASSERT_FALSE(r.passed);
  EXPECT_NE(r.details.find("progress path 'stateOperators[x]'"), std::string::npos) << r.details;
}

TEST_F(RunnerTest, StopAndStartMisuseFails) {
  ScenarioResult twice = MustRun(MapScenario(R"([{"stop": true}, {"stop": true}])"));
  ASSERT_FALSE(twice.passed);
  EXPECT_EQ(twice.Headline(), "FAIL map: step 1 (stop)");
  EXPECT_NE(twice.details.find("already stopped"), std::string::npos);

  ScenarioResult running = MustRun(MapScenario(R"([{"start": {}}])"));
  ASSERT_FALSE(running.passed);
  EXPECT_EQ(running.Headline(), "FAIL map: step 0 (start)");
  EXPECT_NE(running.details.find("already running"), std::string::npos);

  ScenarioResult stopped = MustRun(MapScenario(R"([{"stop": true}, {"checkAnswer": []}])"));
  ASSERT_FALSE(stopped.passed);
  EXPECT_NE(stopped.details.find("the query is stopped"), std::string::npos);
}

TEST_F(RunnerTest, StartMayChangeConf) {
  ScenarioResult r = MustRun(MapScenario(R"([
      {"addData": {"events": [[1]]}},
      {"checkAnswer": [[2]]},
      {"stop": true},
      {"start": {"conf": {"spark.sql.shuffle.partitions": "7"}, "outputMode": "append"}},
      {"addData": {"events": [[2]]}},
      {"checkNewAnswer": [[3]]}])"));
  EXPECT_TRUE(r.passed) << Why(r);
}

TEST_F(RunnerTest, ProcessingTimeTriggerWaitsForTheClock) {
  // The first trigger is due at once (clock 0); the next one only when the manual
  // clock reaches 10 seconds.
  ScenarioResult r = MustRun(R"({"name": "clock", "sources": {"events": {"schema": "value INT"}},
      "query": "SELECT value FROM events", "trigger": {"processingTime": "10 seconds"},
      "steps": [
        {"addData": {"events": [[1]]}},
        {"checkAnswer": [[1]]},
        {"addData": {"events": [[2]]}},
        {"checkNewAnswer": []},
        {"advanceClock": "9 seconds"},
        {"checkNewAnswer": []},
        {"advanceClock": "1 second"},
        {"checkNewAnswer": [[2]]}]})");
  EXPECT_TRUE(r.passed) << Why(r);
}

TEST_F(RunnerTest, ExpectAnalysisError) {
  ScenarioResult ok = MustRun(R"({"name": "bad column", "sources": {"events": {"schema": "value INT"}},
      "query": "SELECT nope FROM events", "steps": [{"expectAnalysisError": "NOPE"}]})");
  EXPECT_TRUE(ok.passed) << Why(ok);

  // A SQL syntax error counts as failing to start, too.
  ScenarioResult parse = MustRun(R"({"name": "bad sql", "sources": {"events": {"schema": "value INT"}},
      "query": "SELECT FROM FROM events", "steps": [{"expectAnalysisError": "syntax error"}]})");
  EXPECT_TRUE(parse.passed) << Why(parse);

  ScenarioResult wrong_text = MustRun(R"({"name": "bad column", "sources": {"events": {"schema": "value INT"}},
      "query": "SELECT nope FROM events", "steps": [{"expectAnalysisError": "division by zero"}]})");
  ASSERT_FALSE(wrong_text.passed);
  EXPECT_EQ(wrong_text.Headline(), "FAIL bad column: step 0 (expectAnalysisError)");
  EXPECT_NE(wrong_text.details.find("expected an error containing: division by zero\nactual error: "),
            std::string::npos)
      << wrong_text.details;
  EXPECT_NE(wrong_text.details.find("nope"), std::string::npos) << wrong_text.details;

  ScenarioResult no_error = MustRun(MapScenario(R"([{"expectAnalysisError": "anything"}])"));
  ASSERT_FALSE(no_error.passed);
  EXPECT_NE(no_error.details.find("actual: no error"), std::string::npos) << no_error.details;
}

TEST_F(RunnerTest, ExpectFailure) {
  // A failure to start also satisfies expectFailure (FORMAT.md conventions).
  ScenarioResult ok = MustRun(R"({"name": "f", "sources": {"events": {"schema": "value INT"}},
      "query": "SELECT nope FROM events",
      "steps": [{"addData": {"events": [[1]]}}, {"expectFailure": "nope"}]})");
  EXPECT_TRUE(ok.passed) << Why(ok);

  ScenarioResult no_error = MustRun(MapScenario(R"([{"addData": {"events": [[1]]}}, {"expectFailure": "boom"}])"));
  ASSERT_FALSE(no_error.passed);
  EXPECT_EQ(no_error.Headline(), "FAIL map: step 1 (expectFailure)");
  EXPECT_NE(no_error.details.find("expected an error containing: boom\nactual: no error"), std::string::npos)
      << no_error.details;
}

TEST_F(RunnerTest, RuntimeFailures) {
  const std::string query = R"("sources": {"events": {"schema": "value INT"}},
      "query": "SELECT 10 / (value - value) AS x FROM events")";
  ScenarioResult expected = MustRun(R"({"name": "div", )" + query + R"(,
      "steps": [{"addData": {"events": [[1]]}}, {"expectFailure": "divide_by_zero"}]})");
  EXPECT_TRUE(expected.passed) << Why(expected);

  ScenarioResult unexpected = MustRun(R"({"name": "div", )" + query + R"(,
      "steps": [{"addData": {"events": [[1]]}}, {"processAllAvailable": true}, {"checkAnswer": []}]})");
  ASSERT_FALSE(unexpected.passed);
  EXPECT_EQ(unexpected.Headline(), "FAIL div: step 1 (processAllAvailable)");
  EXPECT_NE(unexpected.details.find("the query failed:\n  ExecutionError: "), std::string::npos)
      << unexpected.details;

  ScenarioResult wrong_text = MustRun(R"({"name": "div", )" + query + R"(,
      "steps": [{"addData": {"events": [[1]]}}, {"expectFailure": "overflow"}]})");
  ASSERT_FALSE(wrong_text.passed);
  EXPECT_NE(wrong_text.details.find("expected an error containing: overflow\nactual error: ExecutionError: "),
            std::string::npos)
      << wrong_text.details;
}

TEST_F(RunnerTest, QueryThatCannotStartFailsTheFirstStepNeedingIt) {
  ScenarioResult r = MustRun(R"({"name": "s", "sources": {"events": {"schema": "value INT"}},
      "query": "SELECT nope FROM events",
      "steps": [{"addData": {"events": [[1]]}}, {"checkAnswer": [[1]]}]})");
  ASSERT_FALSE(r.passed);
  EXPECT_EQ(r.Headline(), "FAIL s: step 1 (checkAnswer)");
  EXPECT_NE(r.details.find("the query failed to start:\n  "), std::string::npos) << r.details;
}

TEST_F(RunnerTest, BadRowFailsTheAddDataStep) {
  ScenarioResult r = MustRun(MapScenario(R"([{"addData": {"events": [[1], ["two"]]}}, {"checkAnswer": []}])"));
  ASSERT_FALSE(r.passed);
  EXPECT_EQ(r.Headline(), "FAIL map: step 0 (addData)");
  EXPECT_NE(r.details.find("source 'events': row 1: column 'value': expected an integer for INT, got \"two\""),
            std::string::npos)
      << r.details;
}

TEST_F(RunnerTest, StructsArraysDatesAndTimestampsRoundTrip) {
  // Timestamps are read and shown in the session time zone; expected timestamps are
  // compared as instants ("...:10.000" equals "...:10").
  ScenarioResult r = MustRun(R"J({"name": "types",
      "conf": {"spark.sql.session.timeZone": "+01:00"},
      "sources": {"events": {"schema": "ts TIMESTAMP, v BIGINT, s STRING"}},
      "query": "SELECT named_struct('at', ts, 'v', v) AS w, to_date(ts) AS d, split(s, ',') AS parts, ts, v / 4 AS q FROM events",
      "steps": [
        {"addData": {"events": [["2021-01-01 00:30:00", 2, "a,b"], ["2021-01-02 10:00:10.5", 6, null]]}},
        {"checkAnswer": [
          [{"at": "2021-01-01 00:30:00.000", "v": 2}, "2021-01-01", ["a", "b"], "2021-01-01 00:30:00", 0.5],
          [{"v": 6, "at": "2021-01-02 10:00:10.5"}, "2021-01-02", null, "2021-01-02 10:00:10.500", 1.5]]}]})J");
  EXPECT_TRUE(r.passed) << Why(r);

  // The same rows with a wrong date show as one missing and one extra row.
  ScenarioResult bad = MustRun(R"J({"name": "types2",
      "sources": {"events": {"schema": "ts TIMESTAMP"}},
      "query": "SELECT to_date(ts) AS d, ts FROM events",
      "steps": [
        {"addData": {"events": [["2021-01-01 23:30:00"]]}},
        {"checkAnswer": [["2021-01-02", "2021-01-01 23:30:00"]]}]})J");
  ASSERT_FALSE(bad.passed);
  EXPECT_NE(bad.details.find("- [\"2021-01-02\", \"2021-01-01 23:30:00\"]"), std::string::npos) << bad.details;
  EXPECT_NE(bad.details.find("+ [\"2021-01-01\", \"2021-01-01 23:30:00\"]"), std::string::npos) << bad.details;
}

TEST_F(RunnerTest, CompleteModeChecksTheLatestTable) {
  ScenarioResult r = MustRun(R"J({"name": "complete",
      "sources": {"events": {"schema": "k STRING, v BIGINT"}},
      "query": "SELECT k, count(*) AS n, sum(v) / 2 AS half FROM events GROUP BY k",
      "outputMode": "complete",
      "steps": [
        {"addData": {"events": [["a", 1], ["a", 2], ["b", 5]]}},
        {"checkAnswer": [["a", 2, 1.5], ["b", 1, 2.5]]},
        {"addData": {"events": [["a", 3]]}},
        {"checkAnswer": [["a", 3, 3], ["b", 1, 2.5]]},
        {"stop": true},
        {"addData": {"events": [["c", 4]]}},
        {"start": {}},
        {"checkAnswer": [["a", 3, 3], ["b", 1, 2.5], ["c", 1, 2]]},
        {"checkAnswer": [["a", 3, 3], ["b", 1, 2.5]]}]})J");
  ASSERT_FALSE(r.passed);
  EXPECT_EQ(r.Headline(), "FAIL complete: step 8 (checkAnswer)") << r.details;
  EXPECT_NE(r.details.find("compared: the latest result table (complete mode)"), std::string::npos) << r.details;
  EXPECT_NE(r.details.find("+ [\"c\", 1, 2.0]"), std::string::npos) << r.details;
}

TEST_F(RunnerTest, StreamStaticJoinWithTable) {
  ScenarioResult r = MustRun(R"({"name": "join",
      "sources": {"events": {"schema": "user STRING, n INT"}},
      "tables": {"users": {"schema": "user STRING, country STRING", "rows": [["a", "NL"], ["b", "FR"]]}},
      "query": "SELECT e.user, u.country, e.n FROM events e JOIN users u ON e.user = u.user",
      "steps": [
        {"addData": {"events": [["a", 1], ["c", 2], ["b", 3]]}},
        {"checkAnswer": [["a", "NL", 1], ["b", "FR", 3]]}]})");
  EXPECT_TRUE(r.passed) << Why(r);
}

TEST_F(RunnerTest, PlanScenarioDropDuplicates) {
  ScenarioResult r = MustRun(R"({"name": "dedup",
      "sources": {"events": {"schema": "value STRING"}},
      "plan": [{"source": "events"}, {"dropDuplicates": []}],
      "steps": [
        {"addData": {"events": [["a"], ["a"], ["b"]]}},
        {"checkNewAnswer": [["a"], ["b"]]},
        {"addData": {"events": [["a"], ["c"]]}},
        {"checkNewAnswer": [["c"]]},
        {"checkProgress": {"stateOperators[0].numRowsTotal": 3}}]})");
  EXPECT_TRUE(r.passed) << Why(r);
}

TEST_F(RunnerTest, SourcesStartEmptyAndAreRemovedAfterwards) {
  // Two scenarios with the same source name: the second must not see the first's rows.
  ScenarioResult first = MustRun(MapScenario(R"([{"addData": {"events": [[1]]}}, {"checkAnswer": [[2]]}])"));
  EXPECT_TRUE(first.passed) << Why(first);
  EXPECT_EQ(connectors::MemoryStreamRegistry::Global().Find("events"), nullptr);
  ScenarioResult second = MustRun(MapScenario(R"([{"addData": {"events": [[5]]}}, {"checkAnswer": [[6]]}])"));
  EXPECT_TRUE(second.passed) << Why(second);
}

TEST_F(RunnerTest, UnusableFilesAreErrors) {
  auto invalid = Run("{\"name\": \"x\",\n \"steps\": [\n");
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.status().code(), StatusCode::kParseError);
  EXPECT_NE(invalid.status().message().find(".scenario.json: invalid JSON: parse error at line 3"), std::string::npos)
      << invalid.status().message();

  auto bad_table = Run(R"({"name": "t", "sources": {"events": {"schema": "v INT"}},
      "tables": {"users": {"schema": "id INT", "rows": [["x"]]}},
      "query": "SELECT v FROM events", "steps": [{"checkAnswer": []}]})");
  ASSERT_FALSE(bad_table.ok());
  EXPECT_NE(bad_table.status().message().find("table 'users': row 0: column 'id'"), std::string::npos)
      << bad_table.status().message();
}

TEST_F(RunnerTest, RunScenarioPathsPrintsAndCounts) {
  testing::TempFolder suite;
  suite.Write("a/pass.scenario.json", MapScenario(R"([{"addData": {"events": [[1]]}}, {"checkAnswer": [[2]]}])",
                                                  "adds one"));
  suite.Write("b/fail.scenario.json", MapScenario(R"([{"addData": {"events": [[1]]}}, {"checkAnswer": [[3]]}])",
                                                  "wrong on purpose"));
  suite.Write("c/broken.scenario.json", "{\"name\": ");
  suite.Write("c/ignored.json", "not a scenario");

  std::ostringstream out;
  int code = RunScenarioPaths({suite.path()}, ScenarioOptions{}, out);
  EXPECT_EQ(code, 1);
  std::string text = out.str();
  EXPECT_EQ(text.rfind("PASS adds one\nFAIL wrong on purpose: step 1 (checkAnswer)\n  query: SELECT", 0), 0u) << text;
  EXPECT_NE(text.find("  - [3]"), std::string::npos) << text;
  EXPECT_NE(text.find("FAIL " + suite.path() + "/c/broken.scenario.json: invalid JSON: parse error at line 1"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.substr(text.size() - 19), "1 passed, 2 failed\n") << text;

  std::ostringstream only_pass;
  ScenarioOptions filter;
  filter.filter = "ADDS";
  EXPECT_EQ(RunScenarioPaths({suite.path()}, filter, only_pass), 0);
  EXPECT_EQ(only_pass.str(), "PASS adds one\n1 passed, 0 failed\n");

  std::ostringstream verbose_out;
  ScenarioOptions verbose;
  verbose.verbose = true;
  verbose.filter = "pass.scenario";
  EXPECT_EQ(RunScenarioPaths({suite.path()}, verbose, verbose_out), 0);
  EXPECT_NE(verbose_out.str().find("PASS adds one\n  step 0 (addData): ok\n  step 1 (checkAnswer): ok\n"),
            std::string::npos)
      << verbose_out.str();
}

TEST_F(RunnerTest, RunScenarioPathsWithNothingToRunFails) {
  testing::TempFolder empty;
  std::ostringstream out;
  EXPECT_EQ(RunScenarioPaths({empty.path()}, ScenarioOptions{}, out), 1);
  EXPECT_EQ(out.str(), "no scenarios found in " + empty.path() + "\n0 passed, 0 failed\n");

  std::ostringstream missing;
  EXPECT_EQ(RunScenarioPaths({empty.path() + "/nope"}, ScenarioOptions{}, missing), 1);
  EXPECT_EQ(missing.str(), "FAIL " + empty.path() + "/nope: no such file or directory\n0 passed, 1 failed\n");
}

}  // namespace
}  // namespace sluice::scenario
