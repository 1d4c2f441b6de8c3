#pragma once

#include <string>
#include <vector>

#include "sluice/common/time.h"
#include "sluice/types/batch.h"

namespace sluice::connectors {

// Renders rows as Spark's Dataset.showString(numRows, truncate) does, byte for byte:
//
//   +-----+----+
//   |value|name|
//   +-----+----+
//   |    1|   a|
//   |    2|NULL|
//   +-----+----+
//   only showing top 2 rows      <- only when there are more than `num_rows` rows
//
// Columns are at least 3 wide; cells are rendered with Value::ToString in `tz` (NULL
// as "NULL"), control characters escaped ("\n" -> "\\n"). With truncate > 0, cells
// longer than `truncate` characters keep their first truncate-3 characters plus "..."
// and are right-aligned; with truncate == 0 they are left-aligned and complete.
// East Asian full-width characters count as two columns (Spark's stringHalfWidth).
// An empty result prints the border twice after the header, as Spark does.
// `batches` must all have `schema`'s columns; only the first num_rows + 1 rows are read.
std::string ShowString(const types::Schema& schema, const std::vector<types::BatchPtr>& batches, int num_rows,
                       int truncate, const TimeZone& tz);

}  // namespace sluice::connectors
