#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sluice/api/data_frame.h"
#include "sluice/api/data_frame_reader.h"
#include "sluice/api/data_stream_reader.h"
#include "sluice/api/data_stream_writer.h"
#include "sluice/api/memory_stream.h"
#include "sluice/api/runtime_config.h"
#include "sluice/api/streaming_query_manager.h"
#include "sluice/common/config.h"
#include "sluice/common/time.h"

namespace sluice::runtime {
class SessionCatalog;
class StreamingQuery;
}  // namespace sluice::runtime

namespace sluice {

// The entry point (Spark's SparkSession): holds the settings and the catalog of names
// (sources, tables, views, sinks) that DataFrames and SQL resolve against, and the
// streaming queries started from it.
//
//   auto session = sluice::Session::Create();
//   auto query = session->readStream().format("rate").option("rowsPerSecond", 5).load()
//                    .where("value % 2 = 0").writeStream().format("console").start();
//   query.awaitTermination(10000);
//   query.stop();
//
// Always held by shared_ptr (DataFrames keep their session alive). Destroying the last
// reference, or stop(), stops the session's queries. Thread-safe.
//
// Memory streams (memoryStream) and memory sink tables live in process-wide registries,
// as in Spark's tests, so two sessions that use the same stream or query name share it.
class Session : public std::enable_shared_from_this<Session> {
 public:
  // A new session; `conf` gives initial settings (Spark's builder.config(k, v)).
  static std::shared_ptr<Session> Create();
  static std::shared_ptr<Session> Create(const Config& conf);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  RuntimeConfig conf();
  // Reads a stream: readStream().format("rate").option("rowsPerSecond", 5).load().
  DataStreamReader readStream();
  // Reads static data: read().table("t"), read().format("memory").load("name").
  DataFrameReader read();

  // Runs SQL. A query (SELECT ...) returns its DataFrame (streaming when it reads a
  // source). Pipeline statements run at once and return an empty DataFrame:
  //   CREATE [OR REPLACE] SOURCE|TABLE|VIEW|SINK ..., SET key = value,
  //   CREATE STREAMING QUERY ... AS INSERT INTO sink SELECT ... (starts the query; see
  //   streams()). EXPLAIN [EXTENDED] query returns one row with column "plan".
  // Several statements separated by ';' run in order; the last one's result is returned.
  // Throws ParseException / AnalysisException / IllegalArgumentException.
  DataFrame sql(const std::string& text);
  Result<DataFrame> trySql(const std::string& text);
  // A table, view, source or memory sink table by name (streaming for a source).
  DataFrame table(const std::string& name);
  // A static DataFrame over `rows` (schema as Spark DDL: "name STRING, age INT").
  // Strings are accepted for TIMESTAMP and DATE columns. Throws
  // IllegalArgumentException when a row does not fit.
  DataFrame createDataFrame(const std::vector<types::Row>& rows, const std::string& schema);
  DataFrame createDataFrame(const std::vector<types::Row>& rows, const types::Schema& schema);
  // A static DataFrame with one BIGINT column "id": start, start + step, ... < end.
  DataFrame range(int64_t end);
  DataFrame range(int64_t start, int64_t end, int64_t step = 1);
  // Creates (or replaces) the in-memory stream `name` with that schema and declares it
  // as a source of this session.
  MemoryStream memoryStream(const std::string& name, const std::string& schema);

  StreamingQueryManager streams();
  // Stops every query started from this session.
  void stop();

  // ---- For the API implementation and tools ----------------------------------------------
  const std::shared_ptr<runtime::SessionCatalog>& catalog() const { return catalog_; }
  // A copy of the current settings.
  Config ConfSnapshot() const;
  // The session time zone (spark.sql.session.timeZone, default UTC).
  Result<TimeZone> SessionTimeZone() const;
  void SetConf(const std::string& key, const std::string& value);
  void UnsetConf(const std::string& key);
  // A fresh name for an anonymous relation: "__sluice_<kind>_<n>" (never a user name).
  std::string NewInternalName(const std::string& kind);
  // A DataFrame over the internally named relation `internal_name`, with unqualified
  // columns (as Spark's LocalRelation and StreamingRelation), so that no message shows
  // the internal name.
  Result<DataFrame> AnonymousDataFrame(const std::string& internal_name);
  // Declares a static table of `batches` under a fresh internal name; returns the name.
  Result<std::string> AddAnonymousTable(types::SchemaPtr schema, std::vector<types::BatchPtr> batches);
  // Queries started from this session, for streams(). Like Spark's
  // StreamingQueryManager, the session holds its active queries and only the last one
  // that ended (until ResetTerminatedQueries), so ended queries free their state.
  void AddQuery(std::shared_ptr<runtime::StreamingQuery> query);
  // The active queries (a query that has ended since the last call moves out).
  std::vector<std::shared_ptr<runtime::StreamingQuery>> ActiveQueries();
  // The last query that ended since the last ResetTerminatedQueries(), or nullptr.
  std::shared_ptr<runtime::StreamingQuery> LastTerminatedQuery();
  void ResetTerminatedQueries();

 private:
  explicit Session(const Config& conf);

  std::shared_ptr<runtime::SessionCatalog> catalog_;
  mutable std::mutex mu_;
  Config conf_;                                                  // guarded by mu_
  // Moves ended queries out of queries_. REQUIRES: mu_ held.
  void CollectTerminatedLocked();

  std::vector<std::shared_ptr<runtime::StreamingQuery>> queries_;  // active; guarded by mu_
  std::shared_ptr<runtime::StreamingQuery> last_terminated_;       // guarded by mu_
  std::atomic<int64_t> next_internal_id_{0};
};

}  // namespace sluice
