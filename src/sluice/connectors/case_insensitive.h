#pragma once

#include <cctype>
#include <string>
#include <string_view>

namespace sluice::connectors {

// ASCII lower-casing for the case-insensitive names connectors match: formats, option
// names, memory stream and table names (Spark matches all of these ignoring case).
inline std::string ToLowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace sluice::connectors
