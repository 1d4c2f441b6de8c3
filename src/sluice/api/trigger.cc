#include "sluice/api/trigger.h"

#include "sluice/api/exceptions.h"
#include "sluice/common/time.h"

namespace sluice {

Trigger Trigger::ProcessingTime(const std::string& interval) {
  auto micros = ParseIntervalMicros(interval);
  if (!micros.ok()) {
    api::ThrowIfError(Status::InvalidArgument("Trigger.ProcessingTime: cannot parse interval '" + interval +
                                              "': " + micros.status().message() +
                                              "; expected e.g. '2 seconds' or '500 milliseconds'"));
  }
  if (*micros < 0) {
    api::ThrowIfError(Status::InvalidArgument("Trigger.ProcessingTime: interval must not be negative: '" + interval + "'"));
  }
  return Trigger(runtime::Trigger::ProcessingTime(*micros));
}

Trigger Trigger::ProcessingTime(int64_t interval_ms) {
  if (interval_ms < 0) {
    api::ThrowIfError(Status::InvalidArgument("Trigger.ProcessingTime: interval must not be negative: " +
                                              std::to_string(interval_ms) + " ms"));
  }
  return Trigger(runtime::Trigger::ProcessingTime(interval_ms * kMicrosPerMilli));
}

Trigger Trigger::Once() { return Trigger(runtime::Trigger::Once()); }

Trigger Trigger::AvailableNow() { return Trigger(runtime::Trigger::AvailableNow()); }

}  // namespace sluice
