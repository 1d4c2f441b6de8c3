#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sluice::connectors {

// Partition folders as Spark writes and discovers them: `col=value/`, with names and
// values escaped by Spark's ExternalCatalogUtils.escapePathName, and NULL or empty values
// written as __HIVE_DEFAULT_PARTITION__.

inline constexpr const char* kDefaultPartitionName = "__HIVE_DEFAULT_PARTITION__";

// Escapes the characters Spark escapes in path names (control characters, '"', '#', '%',
// '\'', '*', '/', ':', '=', '?', '\\', DEL, '{', '[', ']', '^') as %XX.
std::string EscapePathName(std::string_view text);
// Reverses EscapePathName (invalid escapes are kept as they are).
std::string UnescapePathName(std::string_view text);

// "file:/dir/a%20b.json" for "/dir/a b.json": the URI form Spark's logs store. Escapes
// ' ', '%', '#', '?' and non-ASCII bytes.
std::string PathToUri(std::string_view path);
// The local path of a URI written by PathToUri or by Spark ("file:/x", "file:///x",
// "file://localhost/x"); a plain absolute path is returned unchanged. nullopt for other
// schemes ("hdfs://...", "s3a://...").
std::optional<std::string> UriToPath(std::string_view uri);

// One partition column value of a file's folders; nullopt value means NULL.
struct PartitionValue {
  std::string name;
  std::optional<std::string> value;
};
// The `k=v` folders of `file` below `base_dir` (unescaped), outermost first; folders that
// are not `k=v` are skipped. Empty when `file` is not below `base_dir`.
std::vector<PartitionValue> PartitionValuesOf(std::string_view base_dir, std::string_view file);

}  // namespace sluice::connectors
