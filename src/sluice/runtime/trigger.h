#pragma once

#include <cstdint>
#include <string>

#include "sluice/common/status.h"

namespace sluice::runtime {

// When micro-batches run (Spark's Trigger).
struct Trigger {
  enum class Kind : uint8_t {
    kDefault,         // a new batch as soon as the previous one finished and data is available
    kProcessingTime,  // a batch every `interval_micros` (a late batch starts the next at once)
    kOnce,            // one batch with everything available, then stop
    kAvailableNow,    // everything available at start, in batches within the read limits, then stop
  };
  Kind kind = Kind::kDefault;
  int64_t interval_micros = 0;

  static Trigger ProcessingTime(int64_t micros) { return {Kind::kProcessingTime, micros}; }
  static Trigger Once() { return {Kind::kOnce, 0}; }
  static Trigger AvailableNow() { return {Kind::kAvailableNow, 0}; }
  // "processingTime=2 seconds", "2 seconds", "once", "availableNow", "default".
  static Result<Trigger> Parse(const std::string& text);
  std::string ToString() const;
};

}  // namespace sluice::runtime
