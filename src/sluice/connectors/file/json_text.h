#pragma once

#include <string>
#include <string_view>

namespace sluice::connectors {

// Appends `text` as a JSON string literal, escaped as Jackson (Spark's JSON generator)
// escapes: '"' and '\\', \b \t \n \f \r, other control characters as \u00XX; '/' and
// non-ASCII UTF-8 are written as they are.
void AppendJsonString(std::string_view text, std::string* out);

// Appends a DOUBLE as Jackson writes it: Java's Double.toString ("1.0", "1.0E10"), and
// the non-finite values as the strings "NaN", "Infinity", "-Infinity".
void AppendJsonDouble(double value, std::string* out);

}  // namespace sluice::connectors
