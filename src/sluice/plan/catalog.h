#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sluice/sql/ast.h"
#include "sluice/types/batch.h"

namespace sluice::plan {

// What the analyzer knows of a named relation. The runtime implements Catalog from
// its declared sources, tables, views and memory tables (plan never sees connectors).
struct RelationInfo {
  enum class Kind : uint8_t {
    kStream,  // a streaming source (memory stream, rate, file, socket, kafka ...)
    kTable,   // a bounded table: rows given up front or read by a batch reader
  };
  Kind kind = Kind::kStream;
  std::string name;
  types::SchemaPtr schema;
  // kStream: how the runtime creates the source.
  std::string format;
  std::map<std::string, std::string> options;
  bool user_schema = false;  // schema was given by the user (USING ... (schema))
  // kTable: the rows, already read (static tables are small: stream-static joins).
  std::vector<types::BatchPtr> rows;
};

class Catalog {
 public:
  virtual ~Catalog() = default;
  // Case-insensitive lookup. nullptr when unknown.
  virtual std::shared_ptr<const RelationInfo> Lookup(const std::string& name) const = 0;
  // The query of a view, or nullptr.
  virtual sql::QueryPtr LookupView(const std::string& name) const { return nullptr; }
  // All known relation names (for "did you mean" suggestions).
  virtual std::vector<std::string> Names() const = 0;
};

}  // namespace sluice::plan
