#include "sluice/checkpoint/query_metadata.h"

#include <filesystem>

#include "sluice/checkpoint/atomic_file.h"
#include "sluice/checkpoint/log_file_format.h"
#include "sluice/checkpoint/uuid.h"

namespace sluice::checkpoint {

Result<QueryMetadata> QueryMetadata::Parse(std::string_view bytes, const std::string& path) {
  SLUICE_ASSIGN_OR_RETURN(nlohmann::json json, ParseJson(bytes, path, "the query metadata"));
  if (!json.is_object()) return CorruptFile(path, "expected a JSON object {\"id\":...}, found " + QuoteForError(bytes));
  auto it = json.find("id");
  if (it == json.end() || !it->is_string() || it->get<std::string>().empty()) {
    return CorruptFile(path, "expected a non-empty string field 'id', found " + QuoteForError(bytes));
  }
  return QueryMetadata(it->get<std::string>());
}

std::string QueryMetadata::Serialize() const { return nlohmann::json{{"id", id_}}.dump(); }

Result<QueryMetadata> QueryMetadata::LoadOrCreate(const std::string& checkpoint_dir) {
  const std::string path = (std::filesystem::path(checkpoint_dir) / "metadata").string();
  SLUICE_ASSIGN_OR_RETURN(std::optional<std::string> bytes, ReadFileIfExists(path));
  if (bytes) return Parse(*bytes, path);
  QueryMetadata metadata(NewUuid());
  SLUICE_RETURN_IF_ERROR(WriteFileAtomic(path, metadata.Serialize()));
  return metadata;
}

}  // namespace sluice::checkpoint
