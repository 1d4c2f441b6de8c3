#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sluice/common/config.h"
#include "sluice/plan/catalog.h"

namespace sluice::runtime {

// A declared sink: its format and options (CREATE SINK name USING fmt OPTIONS (...)).
struct SinkDeclaration {
  std::string name;
  std::string format;
  std::map<std::string, std::string> options;
};

// The names a session knows: declared streaming sources, static tables, views,
// sinks, and the tables of running memory sinks (queryable while their query runs).
// Implements plan::Catalog for the analyzer. Thread-safe.
class SessionCatalog : public plan::Catalog {
 public:
  // Declares a streaming source. Resolves its schema through the connector registry
  // (a memory source uses `schema` and registers a stream of that name).
  Status AddSource(const std::string& name, const std::string& format, std::map<std::string, std::string> options,
                   types::SchemaPtr schema, bool or_replace, const Config& conf);
  // A static table with its rows.
  Status AddTable(const std::string& name, types::SchemaPtr schema, std::vector<types::BatchPtr> rows, bool or_replace);
  Status AddView(const std::string& name, sql::QueryPtr query, bool or_replace);
  Status AddSink(SinkDeclaration sink, bool or_replace);
  Result<SinkDeclaration> FindSink(const std::string& name) const;
  std::vector<std::string> SinkNames() const;

  std::shared_ptr<const plan::RelationInfo> Lookup(const std::string& name) const override;
  sql::QueryPtr LookupView(const std::string& name) const override;
  std::vector<std::string> Names() const override;

 private:
  Status CheckNew(const std::string& name, bool or_replace, const char* what) const;

  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<const plan::RelationInfo>> relations_;  // lower-case name
  std::map<std::string, sql::QueryPtr> views_;
  std::map<std::string, SinkDeclaration> sinks_;
};

}  // namespace sluice::runtime
