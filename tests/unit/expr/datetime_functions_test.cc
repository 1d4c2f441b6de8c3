#include "expr_test_util.h"
#include "sluice/expr/functions/datetime_pattern.h"

namespace sluice::expr {
namespace {

using namespace testing;
using types::TypeId;

// 2021-03-14 15:09:26.535897 UTC (a Sunday); day 18700.
constexpr int64_t kTs = 1615734566535897LL;

Value S(const char* s) { return Value::String(s); }

TEST(DatetimeFunctionsTest, FieldsInSessionZone) {
  EXPECT_EQ(CallValue("hour", {Ts(kTs)}), Value::Int(15));
  EXPECT_EQ(CallValue("hour", {Ts(kTs)}, InZone("+09:00")), Value::Int(0));
  EXPECT_EQ(CallValue("minute", {Ts(kTs)}, InZone("-05:30")), Value::Int(39));
  EXPECT_EQ(CallValue("second", {Ts(kTs)}), Value::Int(26));
  EXPECT_EQ(CallValue("dayofmonth", {Ts(kTs)}, InZone("+09:00")), Value::Int(15));
  EXPECT_EQ(CallValue("day", {Ts(kTs)}), Value::Int(14));
  EXPECT_EQ(CallValue("year", {Ts(kTs)}), Value::Int(2021));
  EXPECT_EQ(CallValue("month", {Ts(kTs)}), Value::Int(3));
  EXPECT_EQ(CallValue("dayofweek", {Ts(kTs)}), Value::Int(1));  // Sunday
  EXPECT_EQ(CallValue("dayofweek", {Ts(kTs)}, InZone("+09:00")), Value::Int(2));
  EXPECT_EQ(CallValue("weekday", {Ts(kTs)}), Value::Int(6));
  EXPECT_EQ(CallValue("dayofyear", {Str("2016-04-09")}), Value::Int(100));
  EXPECT_EQ(CallValue("weekofyear", {Str("2008-02-20")}), Value::Int(8));
  EXPECT_EQ(CallValue("weekofyear", {Str("2021-01-01")}), Value::Int(53));
  EXPECT_EQ(CallValue("quarter", {Str("2016-08-31")}), Value::Int(3));
  EXPECT_EQ(CallValue("hour", {Str("2009-07-30 12:58:59")}), Value::Int(12));
  EXPECT_TRUE(CallValue("hour", {Null()}).is_null());
  EXPECT_NE(BindError("hour", {Int(1)}).find("requires the \"TIMESTAMP\" type"), std::string::npos);
}

TEST(DatetimeFunctionsTest, NegativeTimestamps) {
  // 1969-12-31 23:59:59.5 UTC
  EXPECT_EQ(CallValue("hour", {Ts(-500000)}), Value::Int(23));
  EXPECT_EQ(CallValue("second", {Ts(-500000)}), Value::Int(59));
  EXPECT_EQ(CallValue("year", {Ts(-500000)}), Value::Int(1969));
}

TEST(DatetimeFunctionsTest, DateFormat) {
  EXPECT_EQ(CallValue("date_format", {Ts(kTs), Str("yyyy-MM-dd HH:mm:ss.SSS")}), S("2021-03-14 15:09:26.535"));
  EXPECT_EQ(CallValue("date_format", {Ts(kTs), Str("yyyy-MM-dd'T'HH:mm:ssXXX")}, InZone("+08:00")),
            S("2021-03-14T23:09:26+08:00"));
  EXPECT_EQ(CallValue("date_format", {Ts(kTs), Str("EEE, d MMM yy hh:mm a")}), S("Sun, 14 Mar 21 03:09 PM"));
  EXPECT_EQ(CallValue("date_format", {Ts(kTs), Str("EEEE MMMM D SSSSSS XXX")}), S("Sunday March 73 535897 Z"));
  EXPECT_EQ(CallValue("date_format", {Str("2016-04-08"), Str("y")}), S("2016"));
  EXPECT_NE(BindError("date_format", {Ts(kTs), Str("YYYY")}).find("'Y'"), std::string::npos);
  EXPECT_NE(BindError("date_format", {Ts(kTs), Str("yyyy-bb")}).find("unknown pattern letter 'b'"), std::string::npos);
}

TEST(DatetimeFunctionsTest, PatternParsing) {
  ASSERT_OK_AND_ASSIGN(DateTimePattern p, DateTimePattern::Compile("yyyy-MM-dd HH:mm:ss[.SSS]"));
  int64_t micros;
  ASSERT_TRUE(p.Parse("2021-03-14 15:09:26.535", TimeZone{}, &micros));
  EXPECT_EQ(micros, 1615734566535000LL);
  ASSERT_TRUE(p.Parse("2021-03-14 15:09:26", TimeZone{}, &micros));
  EXPECT_EQ(micros, 1615734566000000LL);
  EXPECT_FALSE(p.Parse("2021-3-14 15:09:26", TimeZone{}, &micros));
  EXPECT_FALSE(p.Parse("2021-02-30 15:09:26", TimeZone{}, &micros));
  EXPECT_FALSE(p.Parse("2021-03-14 15:09:26 trailing", TimeZone{}, &micros));
  ASSERT_OK_AND_ASSIGN(DateTimePattern q, DateTimePattern::Compile("dd/MMM/yyyy:hh:mm:ss a XX"));
  ASSERT_TRUE(q.Parse("14/mar/2021:03:09:26 PM +0100", TimeZone{}, &micros));
  EXPECT_EQ(micros, 1615734566000000LL - 3600LL * 1000000);
}

TEST(DatetimeFunctionsTest, ToTimestampAndToDate) {
  EXPECT_EQ(CallValue("to_timestamp", {Str("2021-03-14 15:09:26")}), Value::Int(1615734566000000LL));
  EXPECT_EQ(CallValue("to_timestamp", {Str("14.03.2021 16:09"), Str("dd.MM.yyyy HH:mm")}, InZone("+01:00")),
            Value::Int(1615734540000000LL));
  EXPECT_EQ(CallValue("to_date", {Str("2016-12-31")}), Value::Int(17166));
  EXPECT_EQ(CallValue("to_date", {Str("12/31/2016"), Str("MM/dd/yyyy")}), Value::Int(17166));
  EXPECT_EQ(CallValue("to_date", {Ts(kTs)}, InZone("+09:00")), Value::Int(18701));
  ASSERT_OK_AND_ASSIGN(auto bad, Call("to_timestamp", {Str("2021-13-01"), Str("yyyy-MM-dd")}));
  EXPECT_NE(EvalError(bad, *OneRow()).find("[CANNOT_PARSE_TIMESTAMP] Text '2021-13-01'"), std::string::npos);
  EXPECT_TRUE(Eval1(bad, Lenient()).is_null());
  EXPECT_TRUE(CallValue("try_to_timestamp", {Str("foo"), Str("yyyy-MM-dd")}).is_null());
  ASSERT_OK_AND_ASSIGN(auto cast_bad, Call("to_timestamp", {Str("foo")}));
  EXPECT_NE(EvalError(cast_bad, *OneRow()).find("CAST_INVALID_INPUT"), std::string::npos);
}

TEST(DatetimeFunctionsTest, UnixTime) {
  EXPECT_EQ(CallValue("unix_timestamp", {Str("2016-04-08"), Str("yyyy-MM-dd")}), Value::Int(1460073600));
  EXPECT_EQ(CallValue("unix_timestamp", {Str("2016-04-08 00:00:00")}, InZone("+02:00")), Value::Int(1460066400));
  EXPECT_EQ(CallValue("unix_timestamp", {Ts(-1)}), Value::Int(-1));
  EvalContext now;
  now.current_timestamp_micros = 1500000001;
  EXPECT_EQ(CallValue("unix_timestamp", {}, now), Value::Int(1500));
  EXPECT_EQ(CallValue("from_unixtime", {Int(0)}), S("1970-01-01 00:00:00"));
  EXPECT_EQ(CallValue("from_unixtime", {Int(0), Str("yyyy-MM-dd HH:mm")}, InZone("-08:00")), S("1969-12-31 16:00"));
  EXPECT_EQ(CallValue("timestamp_seconds", {Int(1230219000)}), Value::Int(1230219000LL * 1000000));
  EXPECT_EQ(CallValue("timestamp_seconds", {Dbl(1.5)}), Value::Int(1500000));
  EXPECT_EQ(CallValue("timestamp_millis", {Big(1230219000123LL)}), Value::Int(1230219000123000LL));
  EXPECT_EQ(CallValue("timestamp_micros", {Big(5)}), Value::Int(5));
  EXPECT_EQ(CallValue("unix_seconds", {Ts(-1)}), Value::Int(-1));
  EXPECT_EQ(CallValue("unix_millis", {Ts(kTs)}), Value::Int(1615734566535LL));
  EXPECT_TRUE(CallValue("timestamp_seconds", {Null()}).is_null());
}

TEST(DatetimeFunctionsTest, CurrentTimestampIsNotDeterministic) {
  ASSERT_OK_AND_ASSIGN(auto now, Call("now", {}));
  EXPECT_FALSE(now->IsDeterministic());
  EXPECT_FALSE(now->IsFoldable());
  EvalContext ctx = InZone("+09:00");
  ctx.current_timestamp_micros = kTs;
  EXPECT_EQ(Eval1(now, ctx), Value::Int(kTs));
  EXPECT_EQ(CallValue("current_date", {}, ctx), Value::Int(18701));
}

TEST(DatetimeFunctionsTest, DateArithmetic) {
  EXPECT_EQ(CallValue("date_add", {Str("2016-07-30"), Int(1)}), Value::Int(17013));
  EXPECT_EQ(CallValue("date_sub", {Str("2016-07-30"), Int(1)}), Value::Int(17011));
  EXPECT_EQ(CallValue("datediff", {Str("2009-07-31"), Str("2009-07-30")}), Value::Int(1));
  EXPECT_EQ(CallValue("add_months", {Str("2016-08-31"), Int(1)}), Value::Int(17074));  // 2016-09-30
  EXPECT_EQ(CallValue("last_day", {Str("2009-01-12")}), Value::Int(14275));             // 2009-01-31
  EXPECT_EQ(CallValue("make_date", {Int(2013), Int(7), Int(15)}), Value::Int(15901));
  ASSERT_OK_AND_ASSIGN(auto bad_date, Call("make_date", {Int(2013), Int(13), Int(1)}));
  EXPECT_NE(EvalError(bad_date, *OneRow()).find("DATETIME_FIELD_OUT_OF_BOUNDS"), std::string::npos);
  EXPECT_NE(BindError("date_add", {Str("2016-07-30"), Dbl(1.5)}).find("The second parameter requires"),
            std::string::npos);
}

TEST(DatetimeFunctionsTest, Truncation) {
  EXPECT_EQ(CallValue("date_trunc", {Str("HOUR"), Ts(kTs)}), Value::Int(1615734000000000LL));
  EXPECT_EQ(CallValue("date_trunc", {Str("day"), Ts(kTs)}, InZone("+09:00")),
            Value::Int(18701LL * 86400 * 1000000 - 9LL * 3600 * 1000000));
  EXPECT_EQ(CallValue("date_trunc", {Str("WEEK"), Ts(kTs)}), Value::Int(18694LL * 86400 * 1000000));  // Monday 03-08
  EXPECT_EQ(CallValue("date_trunc", {Str("MILLISECOND"), Ts(kTs)}), Value::Int(1615734566535000LL));
  EXPECT_TRUE(CallValue("date_trunc", {Str("fortnight"), Ts(kTs)}).is_null());
  EXPECT_EQ(CallValue("trunc", {Str("2019-08-04"), Str("MM")}), Value::Int(18109));  // 2019-08-01
  EXPECT_EQ(CallValue("trunc", {Str("2019-08-04"), Str("quarter")}), Value::Int(18078));  // 2019-07-01
  EXPECT_TRUE(CallValue("trunc", {Str("2019-08-04"), Str("DAY")}).is_null());
}

}  // namespace
}  // namespace sluice::expr
