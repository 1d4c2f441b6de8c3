#pragma once

#include <memory>
#include <string>

#include "sluice/api/data_frame.h"

namespace sluice {
class Session;
}  // namespace sluice

namespace sluice::api {

// Runs SQL text for Session::sql(): each ';'-separated statement in order, returning the
// result of the last one.
//   SELECT ...                        its DataFrame (nothing runs yet)
//   EXPLAIN [EXTENDED] SELECT ...     one row, column "plan"
//   SET key = value                   sets the session setting; one row (key, value)
//   CREATE [OR REPLACE] SOURCE|STREAM name [(schema)] USING fmt [OPTIONS (...)]
//   CREATE [OR REPLACE] SINK name USING fmt [OPTIONS (...)]
//   CREATE [OR REPLACE] [TEMPORARY] VIEW name AS query
//   CREATE STREAMING QUERY ... AS INSERT INTO sink query   starts the query
// Declarations and started queries return an empty DataFrame (no columns, no rows).
// CREATE TABLE ... USING fmt is NotSupported until batch readers exist.
// A failing statement stops the script; earlier statements keep their effect.
Result<DataFrame> ExecuteSql(const std::shared_ptr<Session>& session, const std::string& text);

}  // namespace sluice::api
