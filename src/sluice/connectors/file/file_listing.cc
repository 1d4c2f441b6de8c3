#include "sluice/connectors/file/file_listing.h"

#include <dirent.h>
#include <glob.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

#include "sluice/connectors/file/file_sink_log.h"
#include "sluice/connectors/file/partition_path.h"

namespace sluice::connectors {
namespace {

// Guards against symbolic-link cycles.
constexpr int kMaxListingDepth = 64;

bool HasGlobChars(std::string_view path) { return path.find_first_of("*?[]{}") != std::string_view::npos; }

int64_t MtimeMillis(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
}

std::string Normalize(std::string path) {
  // Collapse "//" and drop a trailing "/" (but keep "/").
  std::string out;
  out.reserve(path.size());
  for (char c : path) {
    if (c == '/' && !out.empty() && out.back() == '/') continue;
    out.push_back(c);
  }
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

void ListFolder(const std::string& dir, int depth, std::vector<ListedFile>* out) {
  if (depth > kMaxListingDepth) return;
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return;
  std::vector<std::string> children;
  while (struct dirent* entry = ::readdir(d)) {
    std::string_view name(entry->d_name);
    if (name == "." || name == ".." || IsHiddenFileName(name)) continue;
    children.emplace_back(name);
  }
  ::closedir(d);
  for (const auto& name : children) {
    std::string child = dir == "/" ? "/" + name : dir + "/" + name;
    struct stat st;
    if (::stat(child.c_str(), &st) != 0) continue;  // vanished, or a dangling link
    if (S_ISDIR(st.st_mode)) {
      ListFolder(child, depth + 1, out);
    } else if (S_ISREG(st.st_mode)) {
      out->push_back(ListedFile{child, MtimeMillis(st), static_cast<int64_t>(st.st_size)});
    }
  }
}

Result<std::vector<ListedFile>> ListSinkOutput(const std::string& dir) {
  FileSinkLog log(dir);
  SLUICE_ASSIGN_OR_RETURN(std::vector<SinkFileStatus> files, log.AllFiles());
  std::vector<ListedFile> out;
  out.reserve(files.size());
  for (const auto& f : files) {
    if (f.is_dir) continue;
    std::optional<std::string> path = UriToPath(f.path);
    if (!path) {
      return Status::NotSupported("the sink log '" + log.log_dir() + "' names a file outside the local file system: " +
                                  f.path);
    }
    out.push_back(ListedFile{*path, f.modification_time, f.size});
  }
  return out;
}

}  // namespace

bool IsHiddenFileName(std::string_view name) {
  if (name.empty()) return true;
  if (name[0] == '_' && name.find('=') == std::string_view::npos) return true;
  if (name[0] == '.') return true;
  constexpr std::string_view kCopying = "._COPYING_";
  return name.size() >= kCopying.size() && name.substr(name.size() - kCopying.size()) == kCopying;
}

Result<FilePathSpec> ResolveFilePath(std::string_view path) {
  if (path.empty()) return Status::InvalidArgument("'path' is not specified: give the folder or glob pattern to read");
  std::string text(path);
  if (auto local = UriToPath(text)) {
    text = *local;
  } else if (text.find("://") != std::string::npos) {
    return Status::NotSupported("path '" + std::string(path) +
                                "': only local files are supported (a path such as '/data/in' or 'file:/data/in')");
  }
  FilePathSpec spec;
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(text, ec);
  spec.path = Normalize(ec ? text : absolute.string());
  spec.is_glob = HasGlobChars(spec.path);
  if (spec.is_glob) {
    size_t glob_at = spec.path.find_first_of("*?[]{}");
    size_t slash = spec.path.rfind('/', glob_at);
    spec.base_dir = slash == 0 || slash == std::string::npos ? "/" : spec.path.substr(0, slash);
  } else {
    struct stat st;
    bool is_file = ::stat(spec.path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
    spec.base_dir = is_file ? std::filesystem::path(spec.path).parent_path().string() : spec.path;
  }
  spec.qualified = PathToUri(spec.path);
  return spec;
}

Status CheckPathExists(const FilePathSpec& spec) {
  const std::string& must_exist = spec.is_glob ? spec.base_dir : spec.path;
  struct stat st;
  if (::stat(must_exist.c_str(), &st) != 0) {
    std::string message = "Path does not exist: " + PathToUri(must_exist);
    if (spec.is_glob) message += " (the folder of the glob pattern " + spec.qualified + ")";
    return Status::AnalysisError(message + "; create it before starting the query");
  }
  return Status::OK();
}

Result<std::vector<ListedFile>> ListDataFiles(const FilePathSpec& spec) {
  std::vector<ListedFile> out;
  if (!spec.is_glob) {
    struct stat st;
    if (::stat(spec.path.c_str(), &st) != 0) return out;
    if (S_ISREG(st.st_mode)) {
      out.push_back(ListedFile{spec.path, MtimeMillis(st), static_cast<int64_t>(st.st_size)});
      return out;
    }
    if (FileSinkLog::ExistsIn(spec.path)) {
      // In commit order: the order the sink wrote its batches.
      return ListSinkOutput(spec.path);
    } else {
      ListFolder(spec.path, 0, &out);
    }
  } else {
    glob_t matches;
    int rc = ::glob(spec.path.c_str(), GLOB_BRACE | GLOB_NOSORT, nullptr, &matches);
    if (rc == 0) {
      for (size_t i = 0; i < matches.gl_pathc; ++i) {
        std::string match = Normalize(matches.gl_pathv[i]);
        if (IsHiddenFileName(std::filesystem::path(match).filename().string())) continue;
        struct stat st;
        if (::stat(match.c_str(), &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
          ListFolder(match, 0, &out);
        } else if (S_ISREG(st.st_mode)) {
          out.push_back(ListedFile{match, MtimeMillis(st), static_cast<int64_t>(st.st_size)});
        }
      }
      ::globfree(&matches);
    } else if (rc != GLOB_NOMATCH) {
      ::globfree(&matches);
      return Status::IOError("cannot list the glob pattern " + spec.qualified);
    }
  }
  std::sort(out.begin(), out.end(), [](const ListedFile& a, const ListedFile& b) { return a.path < b.path; });
  out.erase(std::unique(out.begin(), out.end(), [](const ListedFile& a, const ListedFile& b) { return a.path == b.path; }),
            out.end());
  return out;
}

}  // namespace sluice::connectors
