#include "sluice/connectors/file/file_stream_source.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <limits>
#include <thread>

#include "sluice/common/strings.h"
#include "sluice/connectors/file/file_io.h"
#include "sluice/connectors/file/partition_path.h"

namespace sluice::connectors {
namespace {

constexpr int kMaxReaderThreads = 8;

bool IsInside(const std::string& dir, const std::string& path) {
  if (path == dir) return true;
  std::string prefix = dir == "/" ? "/" : dir + "/";
  return path.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

Result<FileSourceConfig> FileSourceConfig::From(FileFormat format, const ConnectorOptions& options,
                                                const Config* conf) {
  FileSourceConfig config;
  SLUICE_ASSIGN_OR_RETURN(config.read, FileReadOptions::From(format, options, conf));
  SLUICE_ASSIGN_OR_RETURN(config.path, ResolveFilePath(options.GetString("path").value_or("")));
  config.max_files_per_trigger = options.GetLong("maxFilesPerTrigger");
  config.max_bytes_per_trigger = options.GetLong("maxBytesPerTrigger");
  if (config.max_files_per_trigger && config.max_bytes_per_trigger) {
    // Spark's wording.
    return Status::InvalidArgument(
        "Options 'maxFilesPerTrigger' and 'maxBytesPerTrigger' can't be both set at the same time");
  }
  config.latest_first = options.GetBool("latestFirst").value_or(false);
  config.file_name_only = options.GetBool("fileNameOnly").value_or(false);
  config.max_file_age_ms = options.GetIntervalMicros("maxFileAge").value_or(7 * kMicrosPerDay) / kMicrosPerMilli;
  std::string clean = AsciiLower(options.GetString("cleanSource").value_or("off"));
  if (clean == "off") {
    config.clean_source = CleanSourceMode::kOff;
  } else if (clean == "delete") {
    config.clean_source = CleanSourceMode::kDelete;
  } else if (clean == "archive") {
    config.clean_source = CleanSourceMode::kArchive;
  } else {
    // Spark's wording.
    return Status::InvalidArgument("Invalid mode for clean source option " + *options.GetString("cleanSource") +
                                   ". Must be one of ARCHIVE,DELETE,OFF");
  }
  if (config.clean_source == CleanSourceMode::kArchive) {
    std::optional<std::string> archive = options.GetString("sourceArchiveDir");
    if (!archive || archive->empty()) {
      return Status::InvalidArgument("Archive path must be specified via option 'sourceArchiveDir' when "
                                     "'cleanSource' is 'archive'");
    }
    SLUICE_ASSIGN_OR_RETURN(FilePathSpec archive_spec, ResolveFilePath(*archive));
    if (archive_spec.is_glob) {
      return Status::InvalidArgument("sourceArchiveDir '" + *archive + "' must be a folder, not a glob pattern");
    }
    config.source_archive_dir = archive_spec.path;
    if (IsInside(config.path.base_dir, config.source_archive_dir)) {
      return Status::InvalidArgument("sourceArchiveDir '" + config.source_archive_dir +
                                     "' is inside the source path " + config.path.qualified +
                                     "; archived files would be read again. Choose a folder outside it");
    }
  }
  return config;
}

FileStreamSource::FileStreamSource(FileSourceConfig config, types::SchemaPtr schema, std::string checkpoint_dir)
    : config_(std::move(config)),
      reader_(config_.read, std::move(schema), config_.path.base_dir),
      log_(std::move(checkpoint_dir)),
      // Spark: with latestFirst and maxFilesPerTrigger the age limit would drop the
      // backlog's older files, so it is not applied.
      max_file_age_ms_(config_.latest_first && config_.max_files_per_trigger ? std::numeric_limits<int64_t>::max()
                                                                             : config_.max_file_age_ms) {}

Result<std::unique_ptr<FileStreamSource>> FileStreamSource::Make(FileSourceConfig config, types::SchemaPtr schema,
                                                                 std::string checkpoint_dir) {
  SLUICE_RETURN_IF_ERROR(CheckPathExists(config.path));
  std::unique_ptr<FileStreamSource> source(new FileStreamSource(std::move(config), std::move(schema),
                                                                std::move(checkpoint_dir)));
  SLUICE_RETURN_IF_ERROR(source->log_.Load());
  // A restarted source remembers every file its log took (Spark restores seenFiles).
  for (const auto& [id, entries] : source->log_.batches()) {
    for (const auto& entry : entries) source->AddSeen(source->SeenKey(entry.path), entry.timestamp);
  }
  source->PurgeSeen();
  return source;
}

Offset FileStreamSource::MakeOffset(int64_t n) { return Offset{{"logOffset", n}}; }

Result<int64_t> FileStreamSource::LogOffsetOf(const Offset& offset) {
  if (offset.is_null()) return int64_t{-1};
  if (offset.is_object() && offset.contains("logOffset") && offset["logOffset"].is_number_integer()) {
    return offset["logOffset"].get<int64_t>();
  }
  if (offset.is_number_integer()) return offset.get<int64_t>();
  return Status::Corruption("file source: offset " + offset.dump() + " is not a file source offset (expected " +
                            "{\"logOffset\": <batch>})");
}

std::string FileStreamSource::SeenKey(const std::string& uri) const {
  if (!config_.file_name_only) return uri;
  size_t slash = uri.rfind('/');
  return slash == std::string::npos ? uri : uri.substr(slash + 1);
}

bool FileStreamSource::IsNewFile(const std::string& key, int64_t timestamp) const {
  // Testing against the last purge (not the latest file) never misses a file older than
  // the age limit that has not been purged yet, as in Spark.
  return timestamp >= last_purge_timestamp_ && seen_.count(key) == 0;
}

void FileStreamSource::AddSeen(const std::string& key, int64_t timestamp) {
  seen_[key] = timestamp;
  latest_timestamp_ = std::max(latest_timestamp_, timestamp);
}

void FileStreamSource::PurgeSeen() {
  if (max_file_age_ms_ == std::numeric_limits<int64_t>::max()) {
    last_purge_timestamp_ = std::numeric_limits<int64_t>::min();
    return;
  }
  last_purge_timestamp_ = latest_timestamp_ - max_file_age_ms_;
  for (auto it = seen_.begin(); it != seen_.end();) {
    if (it->second < last_purge_timestamp_) {
      it = seen_.erase(it);
    } else {
      ++it;
    }
  }
}

void FileStreamSource::Warn(std::string message) {
  std::cerr << "WARN " << Description() << ": " << message << std::endl;
  warnings_.push_back(std::move(message));
}

std::vector<std::string> FileStreamSource::TakeWarnings() {
  std::vector<std::string> out;
  out.swap(warnings_);
  return out;
}

Result<Offset> FileStreamSource::LatestOffset(const Offset& start, const ReadLimit& limit) {
  SLUICE_ASSIGN_OR_RETURN(int64_t start_id, LogOffsetOf(start));
  int64_t current = log_.latest_batch_id().value_or(-1);
  if (start_id > current) {
    return Status::Corruption(Description() + ": the checkpoint's offset " + std::to_string(start_id) +
                              " is beyond the source log (latest " + std::to_string(current) + ") in '" + log_.dir() +
                              "'; the checkpoint's sources folder was lost or belongs to another query");
  }
  SLUICE_ASSIGN_OR_RETURN(std::vector<ListedFile> listed, ListDataFiles(config_.path));
  struct Candidate {
    const ListedFile* file;
    std::string uri;
  };
  std::vector<Candidate> fresh;
  for (const auto& file : listed) {
    if (available_now_files_ && available_now_files_->count(file.path) == 0) continue;
    std::string uri = PathToUri(file.path);
    if (IsNewFile(SeenKey(uri), file.modification_time_ms)) fresh.push_back(Candidate{&file, std::move(uri)});
  }
  // Oldest first (newest first with latestFirst); the listing's path order breaks ties.
  std::stable_sort(fresh.begin(), fresh.end(), [this](const Candidate& a, const Candidate& b) {
    return config_.latest_first ? a.file->modification_time_ms > b.file->modification_time_ms
                                : a.file->modification_time_ms < b.file->modification_time_ms;
  });
  std::optional<int64_t> max_files = config_.max_files_per_trigger;
  if (limit.max_files) max_files = max_files ? std::min(*max_files, *limit.max_files) : *limit.max_files;
  std::optional<int64_t> max_bytes = config_.max_bytes_per_trigger;
  if (limit.max_bytes) max_bytes = max_bytes ? std::min(*max_bytes, *limit.max_bytes) : *limit.max_bytes;
  size_t take = fresh.size();
  if (max_files) take = std::min<size_t>(take, static_cast<size_t>(*max_files));
  if (max_bytes) {
    // Files while the total stays within the limit, but always at least one.
    int64_t total = 0;
    size_t n = 0;
    while (n < take && (n == 0 || total + fresh[n].file->size <= *max_bytes)) total += fresh[n++].file->size;
    take = n;
  }
  if (take > 0) {
    int64_t batch_id = current + 1;
    std::vector<SourceFileEntry> entries;
    entries.reserve(take);
    for (size_t i = 0; i < take; ++i) {
      entries.push_back(SourceFileEntry{fresh[i].uri, fresh[i].file->modification_time_ms, batch_id});
    }
    SLUICE_RETURN_IF_ERROR(log_.Add(batch_id, std::move(entries)).WithContext(Description()));
    for (size_t i = 0; i < take; ++i) AddSeen(SeenKey(fresh[i].uri), fresh[i].file->modification_time_ms);
    current = batch_id;
  }
  PurgeSeen();
  if (current < 0) return Offset();
  return MakeOffset(current);
}

Result<std::vector<types::BatchPtr>> FileStreamSource::GetBatch(const Offset& start, const Offset& end) {
  SLUICE_ASSIGN_OR_RETURN(int64_t start_id, LogOffsetOf(start));
  SLUICE_ASSIGN_OR_RETURN(int64_t end_id, LogOffsetOf(end));
  if (start_id > end_id) {
    return Status::ExecutionError(Description() + ": start offset " + start.dump() + " is after end offset " +
                                  end.dump());
  }
  std::vector<std::string> files;
  for (int64_t id = start_id + 1; id <= end_id; ++id) {
    const std::vector<SourceFileEntry>* entries = log_.Get(id);
    if (entries == nullptr) {
      std::optional<int64_t> latest = log_.latest_batch_id();
      return Status::Corruption(Description() + ": log batch " + std::to_string(id) + " is missing from '" +
                                log_.dir() + "' (latest: " + (latest ? std::to_string(*latest) : "none") +
                                "); the checkpoint's sources folder was changed or lost");
    }
    for (const auto& entry : *entries) {
      std::optional<std::string> path = UriToPath(entry.path);
      if (!path) {
        return Status::Corruption(Description() + ": log batch " + std::to_string(id) + " names a non-local file " +
                                  entry.path);
      }
      files.push_back(std::move(*path));
    }
  }
  if (files.size() > 1 && pool_ == nullptr) {
    int threads = std::min<int>(kMaxReaderThreads, static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
    pool_ = std::make_unique<ThreadPool>(threads);
  }
  std::vector<std::string> warnings;
  Result<std::vector<types::BatchPtr>> batches = reader_.Read(files, pool_.get(), &warnings);
  for (auto& w : warnings) Warn(std::move(w));
  if (!batches.ok()) return batches.status().WithContext(Description());
  return batches;
}

void FileStreamSource::CleanFile(const std::string& uri) {
  std::optional<std::string> path = UriToPath(uri);
  if (!path) return;
  struct stat st;
  if (::stat(path->c_str(), &st) != 0) return;  // already cleaned (e.g. before a restart)
  if (config_.clean_source == CleanSourceMode::kDelete) {
    if (::unlink(path->c_str()) != 0) Warn("cannot delete " + uri + ": " + std::strerror(errno));
    return;
  }
  // Archive: the file keeps its full path below the archive folder, as in Spark.
  std::string target = config_.source_archive_dir + *path;
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(target).parent_path(), ec);
  if (ec) {
    Warn("cannot archive " + uri + ": cannot create folder for '" + target + "': " + ec.message());
    return;
  }
  if (std::filesystem::exists(target, ec)) {
    Warn("cannot archive " + uri + " to '" + target + "': the target exists");
    return;
  }
  if (::rename(path->c_str(), target.c_str()) == 0) return;
  if (errno != EXDEV) {
    Warn("cannot archive " + uri + " to '" + target + "': " + std::strerror(errno));
    return;
  }
  // Another file system: copy, then delete.
  std::filesystem::copy_file(*path, target, ec);
  if (ec) {
    Warn("cannot archive " + uri + " to '" + target + "': " + ec.message());
    return;
  }
  if (::unlink(path->c_str()) != 0) Warn("archived " + uri + " but cannot delete it: " + std::strerror(errno));
}

void FileStreamSource::Commit(const Offset& end) {
  if (config_.clean_source == CleanSourceMode::kOff) return;
  Result<int64_t> end_id = LogOffsetOf(end);
  if (!end_id.ok()) {
    Warn("cannot clean files: " + end_id.status().message());
    return;
  }
  for (int64_t id = last_cleaned_ + 1; id <= *end_id; ++id) {
    const std::vector<SourceFileEntry>* entries = log_.Get(id);
    if (entries == nullptr) continue;
    for (const auto& entry : *entries) {
      if (entry.batch_id == id) CleanFile(entry.path);
    }
  }
  last_cleaned_ = std::max(last_cleaned_, *end_id);
}

void FileStreamSource::PrepareForAvailableNow() {
  Result<std::vector<ListedFile>> listed = ListDataFiles(config_.path);
  available_now_files_.emplace();
  if (!listed.ok()) {
    Warn("cannot list files for Trigger.AvailableNow: " + listed.status().message());
    return;
  }
  for (const auto& file : *listed) available_now_files_->insert(file.path);
}

std::string FileStreamSource::Description() const { return "FileStreamSource[" + config_.path.qualified + "]"; }

namespace {

types::SchemaPtr TextSchema() {
  static const types::SchemaPtr schema =
      std::make_shared<types::Schema>(std::vector<types::StructField>{{"value", types::DataType::String(), true}});
  return schema;
}

}  // namespace

Result<types::SchemaPtr> FileSourceSchema(FileFormat format, const ConnectorOptions& options,
                                          const ConnectorContext& ctx) {
  types::SchemaPtr schema = ctx.user_schema;
  if (schema == nullptr) {
    if (format != FileFormat::kText) {
      // Spark's DataSource.sourceSchema wording.
      return Status::AnalysisError(
          "Schema must be specified when creating a streaming source DataFrame. If some files already exist in the "
          "directory, then depending on the file format you may be able to create a static DataFrame on that "
          "directory with 'spark.read.load(directory)' and infer schema from it.");
    }
    schema = TextSchema();
  }
  SLUICE_ASSIGN_OR_RETURN(FileReadOptions read, FileReadOptions::From(format, options, ctx.conf));
  SLUICE_RETURN_IF_ERROR(CheckReadSchema(*schema, read));
  return schema;
}

Result<std::unique_ptr<Source>> CreateFileSource(FileFormat format, const ConnectorOptions& options,
                                                 const ConnectorContext& ctx) {
  SLUICE_ASSIGN_OR_RETURN(types::SchemaPtr schema, FileSourceSchema(format, options, ctx));
  SLUICE_ASSIGN_OR_RETURN(FileSourceConfig config, FileSourceConfig::From(format, options, ctx.conf));
  SLUICE_ASSIGN_OR_RETURN(std::unique_ptr<FileStreamSource> source,
                          FileStreamSource::Make(std::move(config), std::move(schema), ctx.checkpoint_dir));
  return std::unique_ptr<Source>(std::move(source));
}

}  // namespace sluice::connectors
