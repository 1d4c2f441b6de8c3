#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sluice/api/column.h"

// Spark's org.apache.spark.sql.functions / pyspark.sql.functions. Every function only
// builds an expression: the analyzer resolves the name against the function list
// (expr/functions/function_list.cc), so a function missing there fails at analysis with
// "[UNRESOLVED_ROUTINE] ..." and suggestions. Column arguments are ColumnOrName, so both
// upper(col("name")) and upper("name") work; arguments that Spark takes as plain values
// (durations, patterns, formats, separators) are C++ values.
//
// Names are Spark's (snake_case and camelCase as Spark spells them). Where Spark's name
// is a C++ keyword a trailing underscore is added: struct_.
namespace sluice::functions {

// ---- Columns, literals and SQL expressions --------------------------------------------

// A column by name: "value", "e.value" (qualified), "window.start" (struct field),
// "`odd name`", "*", "e.*".
Column col(const std::string& name);
Column column(const std::string& name);
// A literal: lit(5) INT, lit(int64_t{5}) BIGINT, lit(1.5) DOUBLE, lit(true), lit("a"),
// lit(nullptr) NULL. lit(someColumn) returns the column unchanged.
template <typename T>
Column lit(const T& value) {
  return Column(value);
}
Column lit(std::nullptr_t);
inline Column lit(const Column& column) { return column; }
// A SQL expression, as Spark's expr(): expr("value % 10 AS bucket") keeps the alias.
// Throws ParseException when the text does not parse.
Column expr(const std::string& sql);
// Any function by its SQL name: call_function("upper", "name").
Column call_function(const std::string& name, const std::vector<Column>& args);
template <typename... Cs>
Column call_function(const std::string& name, const Cs&... args) {
  return call_function(name, std::vector<Column>{ColumnOrName(args).column()...});
}

// ---- Aggregates ------------------------------------------------------------------------

// count("*") or count(col("*")) counts rows (Spark's count(1)); count("x") counts non-NULL x.
Column count(const ColumnOrName& c);
Column countDistinct(const std::vector<Column>& columns);
template <typename... Cs>
Column countDistinct(const ColumnOrName& first, const Cs&... rest) {
  return countDistinct(std::vector<Column>{first.column(), ColumnOrName(rest).column()...});
}
template <typename... Cs>
Column count_distinct(const ColumnOrName& first, const Cs&... rest) {
  return countDistinct(std::vector<Column>{first.column(), ColumnOrName(rest).column()...});
}
Column approx_count_distinct(const ColumnOrName& c);
Column sum(const ColumnOrName& c);
Column sum_distinct(const ColumnOrName& c);
Column sumDistinct(const ColumnOrName& c);
Column avg(const ColumnOrName& c);
Column mean(const ColumnOrName& c);
Column min(const ColumnOrName& c);
Column max(const ColumnOrName& c);
Column first(const ColumnOrName& c, bool ignore_nulls = false);
Column last(const ColumnOrName& c, bool ignore_nulls = false);
Column collect_list(const ColumnOrName& c);
Column collect_set(const ColumnOrName& c);
Column stddev(const ColumnOrName& c);
Column stddev_samp(const ColumnOrName& c);
Column stddev_pop(const ColumnOrName& c);
Column variance(const ColumnOrName& c);
Column var_samp(const ColumnOrName& c);
Column var_pop(const ColumnOrName& c);

// ---- Event-time windows ---------------------------------------------------------------

// Tumbling window(ts, "10 minutes"), sliding window(ts, "10 minutes", "5 minutes"),
// with an offset window(ts, "1 hour", "1 hour", "15 minutes"). Output: a struct column
// named "window" with fields start and end.
Column window(const ColumnOrName& time_column, const std::string& window_duration,
              const std::string& slide_duration = "", const std::string& start_time = "");
// Session window with a fixed gap ("5 minutes") or a per-row gap expression.
Column session_window(const ColumnOrName& time_column, const Column& gap_duration);
// The event time of a window: window.end - 1 microsecond.
Column window_time(const ColumnOrName& window_column);

// ---- Strings --------------------------------------------------------------------------

Column upper(const ColumnOrName& c);
Column lower(const ColumnOrName& c);
Column length(const ColumnOrName& c);
Column trim(const ColumnOrName& c);
Column ltrim(const ColumnOrName& c);
Column rtrim(const ColumnOrName& c);
// substring(str, pos, len): pos is 1-based.
Column substring(const ColumnOrName& str, int pos, int len);
// split(str, regex[, limit]).
Column split(const ColumnOrName& str, const std::string& pattern, int limit = -1);
Column regexp_extract(const ColumnOrName& str, const std::string& pattern, int idx);
Column regexp_replace(const ColumnOrName& str, const std::string& pattern, const std::string& replacement);
template <typename... Cs>
Column concat(const Cs&... columns) {
  return call_function("concat", std::vector<Column>{ColumnOrName(columns).column()...});
}
template <typename... Cs>
Column concat_ws(const std::string& sep, const Cs&... columns) {
  return call_function("concat_ws", std::vector<Column>{Column(sep), ColumnOrName(columns).column()...});
}

// ---- Date and time --------------------------------------------------------------------

Column year(const ColumnOrName& c);
Column month(const ColumnOrName& c);
Column dayofmonth(const ColumnOrName& c);
Column dayofweek(const ColumnOrName& c);
Column hour(const ColumnOrName& c);
Column minute(const ColumnOrName& c);
Column second(const ColumnOrName& c);
// Formats are Spark's datetime patterns ("yyyy-MM-dd HH:mm:ss"); "" = the default cast.
Column to_date(const ColumnOrName& c, const std::string& format = "");
Column to_timestamp(const ColumnOrName& c, const std::string& format = "");
Column date_format(const ColumnOrName& c, const std::string& format);
Column unix_timestamp();
Column unix_timestamp(const ColumnOrName& c, const std::string& format = "");
Column from_unixtime(const ColumnOrName& c, const std::string& format = "");
Column timestamp_seconds(const ColumnOrName& c);
Column current_timestamp();
Column current_date();

// ---- Math -----------------------------------------------------------------------------

Column abs(const ColumnOrName& c);
Column round(const ColumnOrName& c, int scale = 0);
Column floor(const ColumnOrName& c);
Column ceil(const ColumnOrName& c);
Column pow(const ColumnOrName& base, const Column& exponent);
Column sqrt(const ColumnOrName& c);
Column exp(const ColumnOrName& c);
Column log(const ColumnOrName& c);
Column rand();
Column rand(int64_t seed);

// ---- Arrays, structs, JSON ------------------------------------------------------------

template <typename... Cs>
Column array(const Cs&... columns) {
  return call_function("array", std::vector<Column>{ColumnOrName(columns).column()...});
}
// struct(a, b): a struct whose fields are named after the columns (or their aliases).
template <typename... Cs>
Column struct_(const Cs&... columns) {
  return call_function("struct", std::vector<Column>{ColumnOrName(columns).column()...});
}
Column size(const ColumnOrName& c);
Column array_contains(const ColumnOrName& c, const Column& value);
// One output row per array element, in a column named "col" (a whole select item).
Column explode(const ColumnOrName& c);
Column explode_outer(const ColumnOrName& c);
// from_json(json, "a INT, b STRING"): parses a JSON string into a struct of that schema.
Column from_json(const ColumnOrName& c, const std::string& schema);
Column to_json(const ColumnOrName& c);
Column get_json_object(const ColumnOrName& c, const std::string& path);

// ---- Conditionals and NULLs -----------------------------------------------------------

template <typename... Cs>
Column coalesce(const Cs&... columns) {
  return call_function("coalesce", std::vector<Column>{ColumnOrName(columns).column()...});
}
// CASE WHEN condition THEN value; chain .when(...) and finish with .otherwise(...).
Column when(const Column& condition, const Column& value);
Column isnull(const ColumnOrName& c);

}  // namespace sluice::functions
