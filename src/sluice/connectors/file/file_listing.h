#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/common/status.h"

namespace sluice::connectors {

// A data file found by listing.
struct ListedFile {
  std::string path;  // absolute local path
  int64_t modification_time_ms = 0;
  int64_t size = 0;
};

// The `path` option of a file source or batch read, resolved.
struct FilePathSpec {
  std::string path;      // absolute (relative paths are resolved against the working folder)
  bool is_glob = false;  // has any of * ? [ ] { } (Hadoop's glob characters)
  // The folder that partition folders (`col=value/`) are found below: the path itself
  // for a folder, the longest glob-free prefix for a glob, the parent for a file.
  std::string base_dir;
  std::string qualified;  // "file:/data/in", for descriptions and errors
};

// Resolves `path` (the option text). InvalidArgument when empty.
Result<FilePathSpec> ResolveFilePath(std::string_view path);

// AnalysisError when the path (or, for a glob, its glob-free prefix folder) does not exist:
// "Path does not exist: file:/data/in" (Spark's words).
Status CheckPathExists(const FilePathSpec& spec);

// Lists the data files of `spec`, sorted by path:
//   - a folder that holds a file sink's log (`_spark_metadata`): the files its log commits,
//     in commit order, so readers never see files of a batch the sink did not commit;
//   - another folder: every file below it, recursively;
//   - a glob: the matching files, and the files below matching folders;
//   - a file: itself.
// Names starting with '_' (unless they contain '='), '.' or ending in "._COPYING_" are
// hidden (Spark's InMemoryFileIndex rule). Files vanishing during the listing are
// skipped. A path that does not exist lists nothing.
Result<std::vector<ListedFile>> ListDataFiles(const FilePathSpec& spec);

// Whether a file or folder name is hidden from listings (see ListDataFiles).
bool IsHiddenFileName(std::string_view name);

}  // namespace sluice::connectors
