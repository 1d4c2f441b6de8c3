#include "sluice/common/clock.h"

#include <chrono>
#include <thread>

namespace sluice {

int64_t SystemClock::NowMicros() const {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void SystemClock::SleepUntil(int64_t deadline_micros, const std::atomic<bool>* stop) const {
  while (!(stop && stop->load())) {
    int64_t now = NowMicros();
    if (now >= deadline_micros) return;
    int64_t wait = std::min<int64_t>(deadline_micros - now, 10000);
    std::this_thread::sleep_for(std::chrono::microseconds(wait));
  }
}

SystemClock* SystemClock::Default() {
  static SystemClock clock;
  return &clock;
}

void ManualClock::SleepUntil(int64_t deadline_micros, const std::atomic<bool>* stop) const {
  while (!(stop && stop->load()) && NowMicros() < deadline_micros) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

}  // namespace sluice
