#pragma once

#include <atomic>
#include <cstdint>

namespace sluice {

// Processing time. Injected so tests and scenarios can drive triggers with a manual
// clock (scenario step `advanceClock`).
class Clock {
 public:
  virtual ~Clock() = default;
  // Microseconds since the epoch.
  virtual int64_t NowMicros() const = 0;
  // Blocks until NowMicros() >= deadline or `stop` becomes true (checked periodically).
  virtual void SleepUntil(int64_t deadline_micros, const std::atomic<bool>* stop) const = 0;
};

class SystemClock : public Clock {
 public:
  int64_t NowMicros() const override;
  void SleepUntil(int64_t deadline_micros, const std::atomic<bool>* stop) const override;
  static SystemClock* Default();
};

// A clock that moves only when told to. Thread-safe.
class ManualClock : public Clock {
 public:
  explicit ManualClock(int64_t start_micros = 0) : now_(start_micros) {}
  int64_t NowMicros() const override { return now_.load(); }
  void SleepUntil(int64_t deadline_micros, const std::atomic<bool>* stop) const override;
  void Advance(int64_t micros) { now_ += micros; }
  void Set(int64_t micros) { now_ = micros; }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace sluice
