#include <gtest/gtest.h>

#include "sluice/connectors/file/datetime_pattern.h"
#include "test_util.h"

namespace sluice::connectors {
namespace {

// 2024-01-02 03:04:05.123456 UTC.
constexpr int64_t kMicros = 1704164645123456;

std::string Format(const std::string& pattern, int64_t micros, const std::string& zone = "UTC") {
  auto p = DateTimePattern::Parse(pattern);
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  std::string out;
  p->FormatTimestamp(micros, *TimeZone::Parse(zone), &out);
  return out;
}

std::optional<int64_t> Parse(const std::string& pattern, const std::string& text, const std::string& zone = "UTC") {
  auto p = DateTimePattern::Parse(pattern);
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  int64_t micros = 0;
  if (!p->ParseTimestamp(text, *TimeZone::Parse(zone), &micros)) return std::nullopt;
  return micros;
}

TEST(DateTimePatternTest, FormatsSparkDefaults) {
  EXPECT_EQ(Format("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", kMicros), "2024-01-02T03:04:05.123Z");
  EXPECT_EQ(Format("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", kMicros, "+08:00"), "2024-01-02T11:04:05.123+08:00");
  EXPECT_EQ(Format("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", kMicros, "-05:30"), "2024-01-01T21:34:05.123-05:30");
  EXPECT_EQ(Format("yyyy-MM-dd", kMicros), "2024-01-02");
}

TEST(DateTimePatternTest, FormatsOtherLetters) {
  EXPECT_EQ(Format("d/M/yy h:mm a", kMicros), "2/1/24 3:04 AM");
  EXPECT_EQ(Format("EEE, dd MMM yyyy", kMicros), "Tue, 02 Jan 2024");
  EXPECT_EQ(Format("EEEE MMMM D", kMicros), "Tuesday January 2");
  EXPECT_EQ(Format("HH:mm:ss.SSSSSS", kMicros), "03:04:05.123456");
  EXPECT_EQ(Format("ss.S Z x X", kMicros), "05.1 +0000 +00 Z");
  EXPECT_EQ(Format("XX xxx ZZZZ ZZZZZ", kMicros, "+05:45"), "+0545 +05:45 GMT+05:45 +05:45");
  EXPECT_EQ(Format("'at' HH 'o''clock' ''", kMicros), "at 03 o'clock '");
  EXPECT_EQ(Format("[yyyy][-MM]", kMicros), "2024-01");
  EXPECT_EQ(Format("k K", 0), "24 0");
}

TEST(DateTimePatternTest, ParsesWithOptionalSectionsAndZones) {
  const std::string spark_default = "yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX]";
  EXPECT_EQ(Parse(spark_default, "2024-01-02T03:04:05.123Z"), std::optional<int64_t>(1704164645123000));
  EXPECT_EQ(Parse(spark_default, "2024-01-02T03:04:05+01:00"), std::optional<int64_t>(1704164645000000 - 3600000000));
  EXPECT_EQ(Parse(spark_default, "2024-01-02T03:04:05", "+01:00"), std::optional<int64_t>(1704164645000000 - 3600000000));
  EXPECT_EQ(Parse(spark_default, "2024-01-02T03:04:05.1"), std::optional<int64_t>(1704164645100000));
  EXPECT_EQ(Parse("dd/MM/yyyy hh:mm a", "02/01/2024 03:04 pm"), std::optional<int64_t>(1704164640000000 + 12 * 3600000000LL));
  EXPECT_EQ(Parse("dd MMM yyyy", "02 jan 2024"), std::optional<int64_t>(1704153600000000));
  EXPECT_EQ(Parse("yyyyMMddHHmmss", "20240102030405"), std::optional<int64_t>(1704164645000000));
  EXPECT_EQ(Parse("yyyy-MM-dd HH:mm z", "2024-01-02 03:04 UTC"), std::optional<int64_t>(1704164640000000));
  EXPECT_EQ(Parse("yyyy-MM-dd HH:mm Z", "2024-01-02 03:04 +0100"), std::optional<int64_t>(1704164640000000 - 3600000000));
}

TEST(DateTimePatternTest, RejectsTextThatDoesNotMatch) {
  EXPECT_EQ(Parse("yyyy-MM-dd", "2024-01-02x"), std::nullopt);  // trailing text
  EXPECT_EQ(Parse("yyyy-MM-dd", "2024-13-02"), std::nullopt);
  EXPECT_EQ(Parse("yyyy-MM-dd", "2023-02-29"), std::nullopt);
  EXPECT_EQ(Parse("yyyy-MM-dd", "2024-1-02"), std::nullopt);  // MM takes two digits
  EXPECT_EQ(Parse("yyyy-M-d", "2024-1-2"), std::optional<int64_t>(1704153600000000));
  EXPECT_EQ(Parse("HH:mm", "24:00"), std::nullopt);
}

TEST(DateTimePatternTest, DatesAndBadPatterns) {
  auto p = DateTimePattern::Parse("dd.MM.yyyy");
  ASSERT_OK(p.status());
  int32_t days = 0;
  ASSERT_TRUE(p->ParseDate("29.02.2024", &days));
  EXPECT_EQ(FormatDate(days), "2024-02-29");
  std::string out;
  p->FormatDate(days, TimeZone(), &out);
  EXPECT_EQ(out, "29.02.2024");
  EXPECT_FALSE(DateTimePattern::Parse("yyyy-MM-dd'T").ok());
  EXPECT_FALSE(DateTimePattern::Parse("yyyy]").ok());
  EXPECT_FALSE(DateTimePattern::Parse("[yyyy").ok());
  auto bad = DateTimePattern::Parse("yyyy-ww");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("unsupported pattern letter 'w' at position 5"), std::string::npos);
}

}  // namespace
}  // namespace sluice::connectors
