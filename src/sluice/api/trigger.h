#pragma once

#include <cstdint>
#include <string>

#include "sluice/runtime/trigger.h"

namespace sluice {

// When a streaming query runs its micro-batches (Spark's Trigger):
//   writer.trigger(Trigger::ProcessingTime("2 seconds"))  a batch every 2 seconds
//   writer.trigger(Trigger::Once())                       one batch, then stop
//   writer.trigger(Trigger::AvailableNow())               all data available now, then stop
// Without trigger(), a batch starts as soon as the previous one ends and data is there.
class Trigger {
 public:
  Trigger() = default;
  // Throws IllegalArgumentException for text that is not an interval ("2 seconds",
  // "500 milliseconds", "1 minute") or a negative one.
  static Trigger ProcessingTime(const std::string& interval);
  static Trigger ProcessingTime(int64_t interval_ms);
  static Trigger Once();
  static Trigger AvailableNow();

  const runtime::Trigger& runtime_trigger() const { return trigger_; }
  // "ProcessingTimeTrigger(2000)", "OneTimeTrigger", ... as Spark prints triggers.
  std::string toString() const { return trigger_.ToString(); }

 private:
  explicit Trigger(runtime::Trigger trigger) : trigger_(trigger) {}
  runtime::Trigger trigger_;
};

}  // namespace sluice
