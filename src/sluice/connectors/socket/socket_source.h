#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "sluice/common/clock.h"
#include "sluice/connectors/source.h"

namespace sluice::connectors {

// Settings of a socket source, already validated.
struct SocketSourceConfig {
  std::string host;
  int port = 0;
  bool include_timestamp = false;
  int num_partitions = 1;
};

// Spark's TextSocketSourceProvider (TextSocketMicroBatchStream): reads UTF-8 text lines
// from a TCP server. For tests and demos: it is NOT fault tolerant, as in Spark — lines
// live only in memory and a restarted query cannot replay them.
//
//   - Make connects (IOError naming host:port when that fails, e.g. nothing listens) and
//     starts a thread that reads lines (ended by "\n", "\r\n" or "\r") into a buffer,
//     each with the time it arrived (the query's clock, in milliseconds).
//   - Offsets are JSON integers: the number of the last line, counting from 0 (Spark's
//     LongOffset); null before the first line. After a restart the new connection's lines
//     are numbered on from the checkpoint's offset.
//   - GetBatch(start, end) gives the lines in (start, end], dealt round-robin into
//     numPartitions batches (Spark's slicing); lines before the last commit are dropped,
//     and asking for them (or for lines this connection never received) is an
//     ExecutionError saying the source is not fault tolerant.
//   - When the server closes the connection (or it fails), the lines received before are
//     still delivered; then LatestOffset fails: "socket source localhost:9999: connection
//     closed by the server ...".
// Thread-safe: the reader thread appends while the driver thread reads.
class SocketSource : public Source {
 public:
  // `clock` must outlive the source (nullptr: the system clock).
  static Result<std::unique_ptr<SocketSource>> Make(const SocketSourceConfig& config, const Clock* clock);
  ~SocketSource() override;

  types::SchemaPtr schema() const override { return Schema(config_.include_timestamp); }
  // The last line received; read limits are ignored (Spark's socket source has none).
  Result<Offset> LatestOffset(const Offset& start, const ReadLimit& limit) override;
  Result<std::vector<types::BatchPtr>> GetBatch(const Offset& start, const Offset& end) override;
  // Drops the lines up to `end`.
  void Commit(const Offset& end) override;
  // Closes the connection and joins the reader thread. Idempotent.
  void Stop() override;
  // The reader thread calls `listener` after each read that added lines, and when the
  // connection ends (LatestOffset then reports it).
  void SetDataListener(std::function<void()> listener) override;
  // "TextSocketV2[host: localhost, port: 9999]", as Spark's.
  std::string Description() const override;

  // `value STRING` or `value STRING, timestamp TIMESTAMP`.
  static types::SchemaPtr Schema(bool include_timestamp);

  // Lines received so far (for tests).
  int64_t TEST_lines_received() const;

 private:
  SocketSourceConfig config_;
  const Clock* clock_;
  int fd_ = -1;
  std::thread reader_;
  std::atomic<bool> stopping_{false};

  mutable std::mutex mu_;
  std::deque<std::string> lines_;     // lines_[k] has offset first_offset_ + k
  std::deque<int64_t> timestamps_;    // micros, one per line
  int64_t first_offset_ = 0;
  int64_t received_ = 0;
  bool numbering_fixed_ = false;      // first_offset_ follows the checkpoint
  bool closed_ = false;
  std::string close_reason_;

  std::mutex listener_mu_;  // held while the listener runs
  std::function<void()> listener_;

  SocketSource(const SocketSourceConfig& config, const Clock* clock, int fd);
  void ReadLoop();
  void AddLine(std::string line);
  void NotifyListener();
  // The offset of a JSON offset: -1 for null. Corruption for anything else.
  Result<int64_t> OffsetOf(const Offset& offset) const;
  // First call with a checkpoint offset: lines continue its numbering. REQUIRES: mu_ held.
  void FixNumbering(int64_t start);
  std::string Where() const;
};

class ConnectorOptions;

// Registry factory of the "socket" source (options in socket/options.h). Rejects a user
// schema, like Spark ("The socket source does not support a user-specified schema.").
Result<std::unique_ptr<Source>> CreateSocketSource(const ConnectorOptions& options, const ConnectorContext& ctx);
// SocketSource::Schema(includeTimestamp), without connecting.
Result<types::SchemaPtr> SocketSourceSchema(const ConnectorOptions& options, const ConnectorContext& ctx);

}  // namespace sluice::connectors
