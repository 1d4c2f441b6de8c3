#pragma once

// Binders of the date and time functions (datetime.cc). Field extraction and formatting
// use the session time zone (EvalContext::time_zone).

#include "sluice/expr/functions/binder.h"

namespace sluice::expr {

SLUICE_DECLARE_BINDER(BindAddMonths);
SLUICE_DECLARE_BINDER(BindCurrentDate);       // not deterministic: EvalContext::current_timestamp_micros
SLUICE_DECLARE_BINDER(BindCurrentTimestamp);  // current_timestamp() / now()
SLUICE_DECLARE_BINDER(BindDateAdd);
SLUICE_DECLARE_BINDER(BindDateDiff);
SLUICE_DECLARE_BINDER(BindDateFormat);
SLUICE_DECLARE_BINDER(BindDateFromUnixDate);
SLUICE_DECLARE_BINDER(BindDateSub);
SLUICE_DECLARE_BINDER(BindDateTrunc);
SLUICE_DECLARE_BINDER(BindDayOfMonth);
SLUICE_DECLARE_BINDER(BindDayOfWeek);  // 1 = Sunday
SLUICE_DECLARE_BINDER(BindDayOfYear);
SLUICE_DECLARE_BINDER(BindFromUnixtime);
SLUICE_DECLARE_BINDER(BindHour);
SLUICE_DECLARE_BINDER(BindLastDay);
SLUICE_DECLARE_BINDER(BindMakeDate);
SLUICE_DECLARE_BINDER(BindMinute);
SLUICE_DECLARE_BINDER(BindMonth);
SLUICE_DECLARE_BINDER(BindQuarter);
SLUICE_DECLARE_BINDER(BindSecond);
SLUICE_DECLARE_BINDER(BindTimestampMicros);
SLUICE_DECLARE_BINDER(BindTimestampMillis);
SLUICE_DECLARE_BINDER(BindTimestampSeconds);
SLUICE_DECLARE_BINDER(BindToDate);
SLUICE_DECLARE_BINDER(BindToTimestamp);
SLUICE_DECLARE_BINDER(BindTrunc);
SLUICE_DECLARE_BINDER(BindTryToTimestamp);
SLUICE_DECLARE_BINDER(BindUnixDate);
SLUICE_DECLARE_BINDER(BindUnixMicros);
SLUICE_DECLARE_BINDER(BindUnixMillis);
SLUICE_DECLARE_BINDER(BindUnixSeconds);
SLUICE_DECLARE_BINDER(BindUnixTimestamp);  // unix_timestamp() / to_unix_timestamp
SLUICE_DECLARE_BINDER(BindWeekday);        // 0 = Monday
SLUICE_DECLARE_BINDER(BindWeekOfYear);     // ISO 8601 week
SLUICE_DECLARE_BINDER(BindYear);

// DATE +/- days (the `+` / `-` operators on a DATE): date_add / date_sub.
Result<ExprPtr> MakeDateAdd(ExprPtr date, ExprPtr days, bool subtract, const std::string& sql);

}  // namespace sluice::expr
