#pragma once

#include <string>
#include <vector>

#include "sluice/common/time.h"
#include "sluice/scenario/scenario_file.h"
#include "sluice/types/schema.h"
#include "sluice/types/value.h"

namespace sluice::scenario {

// Conversions between scenario JSON values and engine values (FORMAT.md "Values"):
//   BIGINT/INT  <-> JSON integer        DOUBLE    <-> JSON number ("NaN", "Infinity" as strings)
//   STRING      <-> JSON string         BOOLEAN   <-> true/false
//   TIMESTAMP   <-> "YYYY-MM-DD HH:MM:SS[.ffffff]" in the session time zone
//   DATE        <-> "YYYY-MM-DD"        STRUCT    <-> JSON object by field name
//   ARRAY       <-> JSON array          NULL      <-> null

// Converts one JSON row (an array in column order) to engine values. InvalidArgument
// names the column, the expected form and the value found. A STRUCT value may also be
// given as an array in field order.
Result<types::Row> JsonToRow(const Json& row, const types::Schema& schema, const TimeZone& tz);

// Converts a list of rows; errors name the row index as well.
Result<std::vector<types::Row>> JsonToRows(const Json& rows, const types::Schema& schema, const TimeZone& tz);

// Renders an engine value of `type` as JSON. Never fails: a value whose kind does not
// fit the type is rendered by its own kind (so a diff still shows it).
Json ValueToJson(const types::Value& value, const types::DataType& type, const TimeZone& tz);

// Renders a row; values beyond the schema's width are rendered by their own kind.
Json RowToJson(const types::Row& row, const types::Schema& schema, const TimeZone& tz);

// Rewrites the TIMESTAMP and DATE values of an expected row in the canonical form the
// engine's values are rendered in ("2021-01-01 10:00:00.000" -> "2021-01-01 10:00:00"),
// so equal instants compare equal. Values that do not parse, and rows whose width
// differs from the schema, are left as they are.
Json NormalizeExpectedRow(const Json& row, const types::Schema& schema, const TimeZone& tz);

// Whether an actual value matches an expected one: numbers numerically (an integer and
// a double match when equal within a relative tolerance of 1e-9; two integers must be
// equal), strings and booleans exactly, arrays element-wise, objects by key set and
// value, null only null.
bool JsonValuesMatch(const Json& expected, const Json& actual);

// Compact one-line rendering with a space after commas and colons:
// [1, "a", {"start": "2021-01-01 00:00:00"}, null].
std::string RenderJson(const Json& value);

}  // namespace sluice::scenario
