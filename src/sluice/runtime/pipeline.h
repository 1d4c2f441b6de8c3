#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "sluice/common/clock.h"
#include "sluice/common/config.h"
#include "sluice/runtime/catalog.h"
#include "sluice/runtime/streaming_query.h"
#include "sluice/sql/ast.h"

namespace sluice::runtime {

// Runs a pipeline file: statements that declare sources, sinks, tables and views,
// set configuration, run batch queries and start streaming queries (`sluice run`).
// Streaming queries run in the background until StopAll.
class Pipeline {
 public:
  Pipeline(std::shared_ptr<SessionCatalog> catalog, Config conf, std::ostream& out);

  // Executes the statements in order; stops at the first error (nothing is started
  // after a failing statement, and queries already started keep running).
  Status ExecuteScript(const std::string& text);
  Status Execute(const sql::Statement& statement);

  const std::vector<std::shared_ptr<StreamingQuery>>& queries() const { return queries_; }
  // Calls `fn` with each progress report of every query started afterwards.
  void SetProgressListener(std::function<void(const StreamingQuery&, const ProgressJson&)> fn) {
    progress_listener_ = std::move(fn);
  }
  bool AnyActive() const;
  // Stops every query after its current batch.
  void StopAll();
  // The first error of any query, or OK.
  Status FirstQueryError() const;
  Config& conf() { return conf_; }

 private:
  Status StartQuery(const sql::Statement& statement);

  std::shared_ptr<SessionCatalog> catalog_;
  Config conf_;
  std::ostream& out_;
  std::vector<std::shared_ptr<StreamingQuery>> queries_;
  std::function<void(const StreamingQuery&, const ProgressJson&)> progress_listener_;
};

// CREATE TABLE name [(schema)] USING fmt OPTIONS (...): reads the table through the
// connector's batch reader (json, csv, text) and declares it in `catalog`.
Status CreateTable(SessionCatalog& catalog, const Config& conf, const sql::Statement& statement);

// Sinks other than memory and console need a checkpointLocation (Spark's rule).
bool SinkNeedsCheckpoint(const std::string& format);

}  // namespace sluice::runtime
