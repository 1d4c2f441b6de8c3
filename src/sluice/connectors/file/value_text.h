#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sluice/connectors/file/file_read_options.h"
#include "sluice/types/data_type.h"
#include "sluice/types/value.h"

namespace sluice::connectors {

// Text-to-value conversions of the file readers, with the JVM's rules where Spark uses
// them (CSV values are converted with Integer.parseInt, Long.parseLong,
// Double.parseDouble and StringOps.toBoolean). All return false when `text` is not a value
// of the type; none allocates.

// Optional '+' or '-', then decimal digits only.
bool ParseJavaInt(std::string_view text, int32_t* out);
bool ParseJavaLong(std::string_view text, int64_t* out);
// Java's Double.parseDouble: surrounding whitespace is ignored; "NaN", "Infinity" with an
// optional sign; decimal digits with an optional fraction and exponent and an optional
// 'd'/'D'/'f'/'F' suffix.
bool ParseJavaDouble(std::string_view text, double* out);
// "true" / "false" in any case.
bool ParseJavaBoolean(std::string_view text, bool* out);

// A TIMESTAMP from text: with `options.timestamp_format` when given, else Spark's CAST
// rules, in `options.tz` when the text has no offset.
bool ParseTimestampText(std::string_view text, const FileReadOptions& options, int64_t* micros);
// A DATE from text: with `options.date_format` when given, else Spark's CAST rules.
bool ParseDateText(std::string_view text, const FileReadOptions& options, int32_t* days);

// A partition folder's value cast to `type` (Spark's CAST from STRING, non-ANSI: a value
// that does not convert is NULL). nullopt input is NULL.
types::Value PartitionValueToValue(const std::optional<std::string>& text, const types::DataType& type,
                                   const FileReadOptions& options);

// Standard base64 (RFC 4648, with padding), as Jackson writes binary values.
void AppendBase64(std::string_view bytes, std::string* out);
// Decodes standard base64 (padding optional, whitespace not allowed); false when invalid.
bool DecodeBase64(std::string_view text, std::string* out);

}  // namespace sluice::connectors
