#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sluice/api/streaming_query.h"

namespace sluice {

class Session;

// The streaming queries of a session (Spark's StreamingQueryManager, session->streams()).
// Thread-safe.
class StreamingQueryManager {
 public:
  explicit StreamingQueryManager(std::shared_ptr<Session> session) : session_(std::move(session)) {}

  // The queries that are running.
  std::vector<StreamingQuery> active() const;
  // The active query with that id, or nullopt (as Spark's get(id)).
  std::optional<StreamingQuery> get(const std::string& id) const;
  // Waits until any query of the session ends (or has ended since the last
  // resetTerminated()); throws StreamingQueryException if that query failed.
  void awaitAnyTermination() const;
  // As above with a timeout; returns whether a query ended.
  bool awaitAnyTermination(int64_t timeout_ms) const;
  // Forgets the queries that ended, so awaitAnyTermination waits for a new ending.
  void resetTerminated() const;

 private:
  std::shared_ptr<Session> session_;
};

}  // namespace sluice
