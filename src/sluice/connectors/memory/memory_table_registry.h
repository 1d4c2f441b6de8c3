#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sluice::connectors {

class MemorySink;

// Process-wide query name -> MemorySink map, so that SQL can read a memory sink's table
// while its query runs (Spark: `spark.sql("SELECT * FROM <queryName>")`). Starting a
// query with the memory sink replaces the entry of that name, as Spark's
// createOrReplaceTempView does. Names are case-insensitive. Thread-safe.
class MemoryTableRegistry {
 public:
  static MemoryTableRegistry& Global();

  void Register(const std::string& name, std::shared_ptr<MemorySink> sink);
  // The sink registered under `name`, or nullptr.
  std::shared_ptr<MemorySink> Find(const std::string& name) const;
  // Returns whether a table was removed.
  bool Remove(const std::string& name);
  // Registered names as they were spelled, sorted case-insensitively.
  std::vector<std::string> Names() const;

 private:
  struct Entry {
    std::string name;
    std::shared_ptr<MemorySink> sink;
  };
  mutable std::mutex mutex_;
  std::map<std::string, Entry> tables_;  // lower-case name -> entry
};

}  // namespace sluice::connectors
