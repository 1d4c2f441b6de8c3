#include "sluice/runtime/trigger.h"

#include <algorithm>
#include <cctype>

#include "sluice/common/time.h"

namespace sluice::runtime {

Result<Trigger> Trigger::Parse(const std::string& text) {
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower.empty() || lower == "default") return Trigger{};
  if (lower == "once") return Once();
  if (lower == "availablenow" || lower == "available now" || lower == "available_now") return AvailableNow();
  std::string interval = text;
  for (const char* prefix : {"processingtime=", "processingtime:", "processing time ", "processingtime "}) {
    if (lower.rfind(prefix, 0) == 0) interval = text.substr(std::string(prefix).size());
  }
  if (lower.rfind("continuous", 0) == 0) {
    return Status::NotSupported("continuous triggers are not supported yet; use a processingTime trigger");
  }
  auto micros = ParseIntervalMicros(interval);
  if (!micros.ok()) {
    return Status::InvalidArgument("unknown trigger '" + text +
                                   "'; expected 'once', 'availableNow' or a processing time interval such as "
                                   "'processingTime=2 seconds'");
  }
  if (*micros < 0) return Status::InvalidArgument("trigger interval must not be negative: '" + text + "'");
  return ProcessingTime(*micros);
}

std::string Trigger::ToString() const {
  switch (kind) {
    case Kind::kDefault: return "ProcessingTimeTrigger(0)";
    case Kind::kProcessingTime: return "ProcessingTimeTrigger(" + std::to_string(interval_micros / 1000) + ")";
    case Kind::kOnce: return "OneTimeTrigger";
    case Kind::kAvailableNow: return "AvailableNowTrigger";
  }
  return "?";
}

}  // namespace sluice::runtime
