#include "sluice/connectors/memory/memory_table_registry.h"

#include "sluice/common/strings.h"

namespace sluice::connectors {

MemoryTableRegistry& MemoryTableRegistry::Global() {
  static MemoryTableRegistry* registry = new MemoryTableRegistry();
  return *registry;
}

void MemoryTableRegistry::Register(const std::string& name, std::shared_ptr<MemorySink> sink) {
  std::lock_guard<std::mutex> lock(mutex_);
  tables_[AsciiLower(name)] = Entry{name, std::move(sink)};
}

std::shared_ptr<MemorySink> MemoryTableRegistry::Find(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = tables_.find(AsciiLower(name));
  return it == tables_.end() ? nullptr : it->second.sink;
}

bool MemoryTableRegistry::Remove(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  return tables_.erase(AsciiLower(name)) > 0;
}

std::vector<std::string> MemoryTableRegistry::Names() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [key, entry] : tables_) out.push_back(entry.name);
  return out;
}

}  // namespace sluice::connectors
