#include <gtest/gtest.h>

#include "sluice/common/time.h"
#include "sluice/connectors/option_table.h"
#include "test_util.h"

namespace sluice::connectors {
namespace {

constexpr OptionSpec kTable[] = {
    {"rowsPerSecond", OptionType::kLong, "1", false, OptionCheck::kPositive, "rows per second"},
    {"rampUpTime", OptionType::kInterval, "0", false, OptionCheck::kNonNegative, "ramp up"},
    {"numPartitions", OptionType::kInt, nullptr, false, OptionCheck::kPositive, "partitions"},
    {"ratio", OptionType::kDouble, "0.5", false, OptionCheck::kNone, "a ratio"},
    {"enabled", OptionType::kBool, "true", false, OptionCheck::kNone, "a switch"},
    {"path", OptionType::kString, nullptr, true, OptionCheck::kNone, "where to read"},
};

Result<ConnectorOptions> Parse(std::map<std::string, std::string> given) {
  given.emplace("path", "/tmp");
  return ConnectorOptions::Parse("source 'test'", kTable, given);
}

std::string ErrorOf(std::map<std::string, std::string> given) {
  auto r = Parse(std::move(given));
  EXPECT_FALSE(r.ok());
  if (r.ok()) return "";
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  return r.status().message();
}

TEST(OptionTableTest, DefaultsApplyWhenAbsent) {
  ASSERT_OK_AND_ASSIGN(ConnectorOptions options, Parse({}));
  EXPECT_EQ(options.GetLong("rowsPerSecond"), 1);
  EXPECT_EQ(options.GetIntervalMicros("rampUpTime"), 0);
  EXPECT_EQ(options.GetLong("numPartitions"), std::nullopt);
  EXPECT_DOUBLE_EQ(*options.GetDouble("ratio"), 0.5);
  EXPECT_EQ(options.GetBool("enabled"), true);
  EXPECT_FALSE(options.Has("rowsPerSecond"));
  EXPECT_TRUE(options.Has("path"));
}

TEST(OptionTableTest, NamesMatchIgnoringCase) {
  ASSERT_OK_AND_ASSIGN(ConnectorOptions options, Parse({{"ROWSPERSECOND", "7"}, {"Enabled", "FALSE"}}));
  EXPECT_EQ(options.GetLong("rowsPerSecond"), 7);
  EXPECT_EQ(options.GetLong("rowspersecond"), 7);
  EXPECT_EQ(options.Raw("rowsPerSecond"), "7");
  EXPECT_EQ(options.GetBool("enabled"), false);
}

TEST(OptionTableTest, UnknownOptionListsValidOnesAndSuggests) {
  std::string message = ErrorOf({{"rowsPerSecnd", "5"}});
  EXPECT_EQ(message,
            "unknown option 'rowsPerSecnd' for source 'test'; valid options: rowsPerSecond, rampUpTime, "
            "numPartitions, ratio, enabled, path; did you mean 'rowsPerSecond'?");
}

TEST(OptionTableTest, UnknownOptionFarFromAllHasNoSuggestion) {
  std::string message = ErrorOf({{"zzzzzzzzzzzz", "5"}});
  EXPECT_NE(message.find("unknown option 'zzzzzzzzzzzz'"), std::string::npos) << message;
  EXPECT_EQ(message.find("did you mean"), std::string::npos) << message;
}

TEST(OptionTableTest, BadValuesNameOptionValueAndExpectation) {
  EXPECT_EQ(ErrorOf({{"rowsPerSecond", "abc"}}),
            "Invalid value 'abc' for option 'rowsPerSecond' of source 'test': expected an integer");
  EXPECT_EQ(ErrorOf({{"rowsPerSecond", "-1"}}),
            "Invalid value '-1'. The option 'rowsPerSecond' must be positive (source 'test')");
  EXPECT_EQ(ErrorOf({{"rowsPerSecond", "0"}}),
            "Invalid value '0'. The option 'rowsPerSecond' must be positive (source 'test')");
  EXPECT_EQ(ErrorOf({{"rampUpTime", "-5s"}}),
            "Invalid value '-5s'. The option 'rampUpTime' must not be negative (source 'test')");
  EXPECT_NE(ErrorOf({{"rampUpTime", "soon"}}).find("expected a duration"), std::string::npos);
  EXPECT_NE(ErrorOf({{"numPartitions", "2.5"}}).find("expected an integer between"), std::string::npos);
  EXPECT_NE(ErrorOf({{"numPartitions", "3000000000"}}).find("'numPartitions'"), std::string::npos);
  EXPECT_NE(ErrorOf({{"rowsPerSecond", "99999999999999999999"}}).find("expected an integer"), std::string::npos);
  EXPECT_NE(ErrorOf({{"ratio", "1.5x"}}).find("expected a number"), std::string::npos);
  EXPECT_NE(ErrorOf({{"enabled", "yes"}}).find("expected true or false"), std::string::npos);
}

TEST(OptionTableTest, RequiredOptionMissing) {
  auto r = ConnectorOptions::Parse("source 'test'", kTable, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "option 'path' of source 'test' is required: where to read");
}

TEST(OptionTableTest, SameOptionInTwoSpellingsIsAnError) {
  std::string message = ErrorOf({{"rowsPerSecond", "1"}, {"ROWSPERSECOND", "2"}});
  EXPECT_NE(message.find("option 'rowsPerSecond' is given twice for source 'test'"), std::string::npos) << message;
}

TEST(OptionTableTest, IntervalForms) {
  using option_parsing::ParseIntervalMicros;
  EXPECT_EQ(ParseIntervalMicros("5"), 5 * kMicrosPerSecond);
  EXPECT_EQ(ParseIntervalMicros("5s"), 5 * kMicrosPerSecond);
  EXPECT_EQ(ParseIntervalMicros("5 seconds"), 5 * kMicrosPerSecond);
  EXPECT_EQ(ParseIntervalMicros("500ms"), 500 * kMicrosPerMilli);
  EXPECT_EQ(ParseIntervalMicros("2min"), 120 * kMicrosPerSecond);
  EXPECT_EQ(ParseIntervalMicros("1 minute 30 seconds"), 90 * kMicrosPerSecond);
  EXPECT_EQ(ParseIntervalMicros("abc"), std::nullopt);
  EXPECT_EQ(ParseIntervalMicros("."), std::nullopt);
  EXPECT_EQ(ParseIntervalMicros(""), std::nullopt);
}

TEST(OptionTableTest, ClosestName) {
  std::vector<std::string> names = {"numRows", "truncate", "checkpointLocation"};
  EXPECT_EQ(ClosestName("numrow", names), "numRows");
  EXPECT_EQ(ClosestName("TRUNCATED", names), "truncate");
  EXPECT_EQ(ClosestName("checkpointlocaton", names), "checkpointLocation");
  EXPECT_EQ(ClosestName("xyz", names), "");
}

}  // namespace
}  // namespace sluice::connectors
