#include "sluice/connectors/file/json_text.h"

#include <cmath>

#include "sluice/types/value.h"

namespace sluice::connectors {

void AppendJsonString(std::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out->push_back('"');
  size_t run_start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(text.data() + run_start, i - run_start);
    run_start = i + 1;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\b': out->append("\\b"); break;
      case '\t': out->append("\\t"); break;
      case '\n': out->append("\\n"); break;
      case '\f': out->append("\\f"); break;
      case '\r': out->append("\\r"); break;
      default:
        out->append("\\u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 15]);
    }
  }
  out->append(text.data() + run_start, text.size() - run_start);
  out->push_back('"');
}

void AppendJsonDouble(double value, std::string* out) {
  if (std::isfinite(value)) {
    out->append(types::FormatDouble(value));
  } else {
    out->push_back('"');
    out->append(std::isnan(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    out->push_back('"');
  }
}

}  // namespace sluice::connectors
