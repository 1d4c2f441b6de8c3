#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sluice/connectors/memory/memory_stream.h"

namespace sluice::connectors {

// Process-wide name -> MemoryStream map through which the "memory" source format finds
// its stream: the scenario runner and C++ programs register streams here, and
// `CREATE SOURCE events (...) USING memory` looks "events" up (or creates it).
// Names are case-insensitive, like Spark's identifiers. Thread-safe.
class MemoryStreamRegistry {
 public:
  static MemoryStreamRegistry& Global();

  // Registers `stream` under its name(), replacing any stream of that name.
  void Register(std::shared_ptr<MemoryStream> stream);
  // The stream of that name, or nullptr.
  std::shared_ptr<MemoryStream> Find(const std::string& name) const;
  // The stream of that name, created empty with `schema` when absent. Fails with
  // InvalidArgument when it exists with different field types.
  Result<std::shared_ptr<MemoryStream>> GetOrCreate(const std::string& name, types::SchemaPtr schema);
  // Returns whether a stream was removed.
  bool Remove(const std::string& name);
  // Registered names as they were spelled, sorted case-insensitively.
  std::vector<std::string> Names() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<MemoryStream>> streams_;  // lower-case name -> stream
};

}  // namespace sluice::connectors
