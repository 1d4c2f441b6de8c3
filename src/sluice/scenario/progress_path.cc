#include "sluice/scenario/progress_path.h"

#include <cctype>
#include <cstdint>

namespace sluice::scenario {

namespace {

Status BadPath(const std::string& path, size_t pos, const std::string& what) {
  return Status::InvalidArgument("progress path '" + path + "': " + what + " at character " + std::to_string(pos + 1) +
                                 "; paths look like eventTime.watermark or stateOperators[0].numRowsTotal");
}

bool IsNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

Result<std::optional<Json>> LookupProgressPath(const Json& progress, const std::string& path) {
  const Json* current = &progress;
  bool present = true;
  size_t pos = 0;
  while (true) {
    // A field name.
    size_t start = pos;
    while (pos < path.size() && IsNameChar(path[pos])) ++pos;
    if (pos == start) return BadPath(path, pos, "expected a field name");
    std::string name = path.substr(start, pos - start);
    if (present) {
      if (current->is_object() && current->contains(name)) {
        current = &(*current)[name];
      } else {
        present = false;
      }
    }
    // Any number of [i] indexes.
    while (pos < path.size() && path[pos] == '[') {
      size_t digits = ++pos;
      while (pos < path.size() && std::isdigit(static_cast<unsigned char>(path[pos]))) ++pos;
      if (pos == digits || pos >= path.size() || path[pos] != ']' || pos - digits > 9) {
        return BadPath(path, digits, "expected an index such as [0]");
      }
      size_t index = std::stoul(path.substr(digits, pos - digits));
      ++pos;
      if (present) {
        if (current->is_array() && index < current->size()) {
          current = &(*current)[index];
        } else {
          present = false;
        }
      }
    }
    if (pos == path.size()) break;
    if (path[pos] != '.') return BadPath(path, pos, std::string("unexpected '") + path[pos] + "'");
    ++pos;
  }
  if (!present) return std::optional<Json>();
  return std::optional<Json>(*current);
}

}  // namespace sluice::scenario
