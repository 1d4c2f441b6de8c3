#pragma once

#include <string>
#include <string_view>

#include "sluice/common/status.h"

namespace sluice::checkpoint {

// The checkpoint's "metadata" file, {"id":"<uuid>"} (Spark's StreamMetadata): the
// query id, which stays the same across restarts from this checkpoint (unlike the
// run id, which is new for every start).
class QueryMetadata {
 public:
  // Reads "<checkpoint_dir>/metadata", or writes it with a NewUuid() id when it does
  // not exist. A file that is not a JSON object with a string "id" is Corruption.
  // REQUIRES: checkpoint_dir exists.
  static Result<QueryMetadata> LoadOrCreate(const std::string& checkpoint_dir);

  // Parses the file's bytes; `path` names it in errors.
  static Result<QueryMetadata> Parse(std::string_view bytes, const std::string& path);
  // The file's bytes: {"id":"<id>"} with no final newline, as Spark writes it.
  std::string Serialize() const;

  explicit QueryMetadata(std::string id) : id_(std::move(id)) {}
  const std::string& id() const { return id_; }

 private:
  std::string id_;
};

}  // namespace sluice::checkpoint
