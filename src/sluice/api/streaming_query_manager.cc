#include "sluice/api/streaming_query_manager.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "sluice/api/session.h"
#include "sluice/runtime/streaming_query.h"

namespace sluice {

std::vector<StreamingQuery> StreamingQueryManager::active() const {
  std::vector<StreamingQuery> out;
  for (const auto& q : session_->ActiveQueries()) out.emplace_back(q);
  return out;
}

std::optional<StreamingQuery> StreamingQueryManager::get(const std::string& id) const {
  for (const auto& q : session_->ActiveQueries()) {
    if (q->id() == id) return StreamingQuery(q);
  }
  return std::nullopt;
}

void StreamingQueryManager::awaitAnyTermination() const {
  while (!awaitAnyTermination(60 * 1000)) {
  }
}

bool StreamingQueryManager::awaitAnyTermination(int64_t timeout_ms) const {
  // The runtime has no termination listener yet: poll every 10 ms (Spark waits on a lock
  // that query termination signals).
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::max<int64_t>(0, timeout_ms));
  while (true) {
    if (auto last = session_->LastTerminatedQuery()) {
      // Spark rethrows the failure of the query that ended.
      if (auto error = StreamingQuery(last).exception()) throw *error;
      return true;
    }
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void StreamingQueryManager::resetTerminated() const { session_->ResetTerminatedQueries(); }

}  // namespace sluice
