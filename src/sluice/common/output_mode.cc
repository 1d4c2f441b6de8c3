#include "sluice/common/output_mode.h"

#include <algorithm>
#include <cctype>

namespace sluice {

Result<OutputMode> ParseOutputMode(std::string_view text) {
  std::string s(text);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  if (s == "append") return OutputMode::kAppend;
  if (s == "update") return OutputMode::kUpdate;
  if (s == "complete") return OutputMode::kComplete;
  return Status::InvalidArgument("unknown output mode '" + std::string(text) +
                                 "'; accepted output modes are 'append', 'update', 'complete'");
}

const char* OutputModeName(OutputMode mode) {
  switch (mode) {
    case OutputMode::kAppend: return "Append";
    case OutputMode::kUpdate: return "Update";
    case OutputMode::kComplete: return "Complete";
  }
  return "?";
}

}  // namespace sluice
