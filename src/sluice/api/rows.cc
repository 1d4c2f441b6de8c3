#include "sluice/api/rows.h"

#include <algorithm>

namespace sluice::api {

Result<std::vector<types::Row>> CoerceRows(const types::Schema& schema, std::vector<types::Row> rows,
                                           const TimeZone& tz) {
  for (size_t r = 0; r < rows.size(); ++r) {
    types::Row& row = rows[r];
    size_t n = std::min(row.size(), schema.num_fields());
    for (size_t f = 0; f < n; ++f) {
      types::Value& v = row[f];
      const types::StructField& field = schema.field(f);
      switch (field.type->id()) {
        case types::TypeId::kTimestamp:
          if (v.is_string()) {
            int64_t micros = 0;
            if (!ParseTimestampMicros(v.string_value(), tz, &micros)) {
              return Status::InvalidArgument("row " + std::to_string(r) + ", field '" + field.name +
                                             "' (TIMESTAMP): cannot parse '" + v.string_value() +
                                             "' as a timestamp; expected e.g. '2024-01-01 10:00:00'");
            }
            v = types::Value::Int(micros);
          }
          break;
        case types::TypeId::kDate:
          if (v.is_string()) {
            int32_t days = 0;
            if (!ParseDateDays(v.string_value(), &days)) {
              return Status::InvalidArgument("row " + std::to_string(r) + ", field '" + field.name +
                                             "' (DATE): cannot parse '" + v.string_value() +
                                             "' as a date; expected e.g. '2024-01-01'");
            }
            v = types::Value::Int(days);
          }
          break;
        case types::TypeId::kDouble:
          if (v.is_int()) v = types::Value::Double(static_cast<double>(v.int_value()));
          break;
        default:
          break;
      }
    }
  }
  return rows;
}

}  // namespace sluice::api
