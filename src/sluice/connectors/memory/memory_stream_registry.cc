#include "sluice/connectors/memory/memory_stream_registry.h"

#include "sluice/common/strings.h"

namespace sluice::connectors {

MemoryStreamRegistry& MemoryStreamRegistry::Global() {
  static MemoryStreamRegistry* registry = new MemoryStreamRegistry();
  return *registry;
}

void MemoryStreamRegistry::Register(std::shared_ptr<MemoryStream> stream) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string key = AsciiLower(stream->name());
  streams_[key] = std::move(stream);
}

std::shared_ptr<MemoryStream> MemoryStreamRegistry::Find(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = streams_.find(AsciiLower(name));
  return it == streams_.end() ? nullptr : it->second;
}

Result<std::shared_ptr<MemoryStream>> MemoryStreamRegistry::GetOrCreate(const std::string& name,
                                                                        types::SchemaPtr schema) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& slot = streams_[AsciiLower(name)];
  if (slot == nullptr) {
    slot = std::make_shared<MemoryStream>(std::move(schema), name);
    return slot;
  }
  const types::Schema& have = *slot->schema();
  bool same = have.num_fields() == schema->num_fields();
  for (size_t i = 0; same && i < have.num_fields(); ++i) {
    same = have.field(i).type->Equals(*schema->field(i).type);
  }
  if (!same) {
    return Status::InvalidArgument("memory stream '" + name + "' already exists with schema (" + have.ToString() +
                                   "), not (" + schema->ToString() + ")");
  }
  return slot;
}

bool MemoryStreamRegistry::Remove(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  return streams_.erase(AsciiLower(name)) > 0;
}

std::vector<std::string> MemoryStreamRegistry::Names() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [key, stream] : streams_) out.push_back(stream->name());
  return out;
}

}  // namespace sluice::connectors
