#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sluice/api/data_frame.h"
#include "sluice/api/rows.h"

namespace sluice::connectors {
class MemoryStream;
}  // namespace sluice::connectors

namespace sluice {

class Session;

// An in-memory stream that the program feeds (Spark's MemoryStream), made by
// session->memoryStream("events", "user STRING, ts TIMESTAMP"). Each addData call
// becomes one new offset; a running query picks it up in its next batch. The stream is
// also a source of the session: session->table("events") and SQL `FROM events` read it.
// Thread-safe: addData may run while queries read.
class MemoryStream {
 public:
  // Appends rows (one offset) and returns the offset. Rows must fit the schema; strings
  // are accepted for TIMESTAMP and DATE columns. Throws IllegalArgumentException naming
  // the row and field otherwise (nothing is added then).
  int64_t addData(const std::vector<types::Row>& rows) const;
  // A streaming DataFrame reading this stream.
  DataFrame toDF() const;
  const std::string& name() const;
  const types::Schema& schema() const;
  // The engine's stream.
  const std::shared_ptr<connectors::MemoryStream>& stream() const { return stream_; }

 private:
  friend class Session;
  MemoryStream(std::shared_ptr<Session> session, std::shared_ptr<connectors::MemoryStream> stream)
      : session_(std::move(session)), stream_(std::move(stream)) {}

  std::shared_ptr<Session> session_;
  std::shared_ptr<connectors::MemoryStream> stream_;
};

}  // namespace sluice
