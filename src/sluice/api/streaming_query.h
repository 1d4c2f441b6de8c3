#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sluice/api/exceptions.h"

namespace sluice::runtime {
class StreamingQuery;
}  // namespace sluice::runtime

namespace sluice {

// A handle to a started streaming query (Spark's StreamingQuery), returned by
// DataStreamWriter::start(). Copies refer to the same query. The query keeps running
// while its Session lives, even when every handle is gone; stop() or Session::stop()
// ends it. All methods are thread-safe.
class StreamingQuery {
 public:
  // REQUIRES: query != nullptr.
  explicit StreamingQuery(std::shared_ptr<runtime::StreamingQuery> query);

  // The id that survives restarts from the same checkpoint, and the id of this run.
  std::string id() const;
  std::string runId() const;
  // The queryName, or "" when none was given.
  std::string name() const;
  bool isActive() const;

  // Waits until the query ends (stop(), a Once/AvailableNow trigger finishing, or a
  // failure). Throws StreamingQueryException when it failed.
  void awaitTermination() const;
  // As above, but gives up after `timeout_ms`: returns whether the query has ended.
  bool awaitTermination(int64_t timeout_ms) const;
  // Blocks until every row available in the sources when called has been processed
  // and written (Spark's processAllAvailable, meant for tests). Throws
  // StreamingQueryException when the query failed.
  void processAllAvailable() const;
  // Stops the query after the current batch; its checkpoint stays consistent.
  void stop() const;

  // The latest progress report as Spark's prettyJson (StreamingQueryProgress:
  // id, runId, name, timestamp, batchId, numInputRows, inputRowsPerSecond,
  // processedRowsPerSecond, durationMs, eventTime, stateOperators, sources, sink).
  // "" before the first batch has run.
  std::string lastProgress() const;
  // The same report as JSON; a null value before the first batch.
  nlohmann::ordered_json lastProgressJson() const;
  // The latest reports, oldest first (at most spark.sql.streaming.numRecentProgressUpdates).
  std::vector<nlohmann::ordered_json> recentProgress() const;
  // Spark's StreamingQueryStatus: message, isDataAvailable, isTriggerActive.
  std::string status() const;
  nlohmann::ordered_json statusJson() const;
  // The error that ended the query, or nullopt while it runs or after a clean stop.
  std::optional<StreamingQueryException> exception() const;

  // Prints the plan of the running query (the physical plan; with `extended` also the
  // analyzed and optimized logical plans).
  void explain(bool extended = false) const;
  std::string explainString(bool extended = false) const;

  // The engine's query, for tools that need more than this API offers.
  const std::shared_ptr<runtime::StreamingQuery>& runtime_query() const { return query_; }

 private:
  void ThrowIfFailed() const;

  std::shared_ptr<runtime::StreamingQuery> query_;
};

}  // namespace sluice
