#pragma once

#include <string>
#include <vector>

#include "sluice/common/status.h"
#include "sluice/common/thread_pool.h"
#include "sluice/connectors/file/file_read_options.h"
#include "sluice/types/batch.h"

namespace sluice::connectors {

// Reads data files of one format into batches of one schema: the part of reading shared
// by the file source and the batch reader (ReadFiles).
//
// For every file: the bytes are read and decompressed (file_io.h), partition values are
// taken from its `col=value/` folders below `base_dir` for the schema columns of those
// names (case-insensitive; cast from the folder text, NULL when it does not convert), and
// the other columns are parsed from the records (JsonRecordParser, CsvRecordParser, or one
// `value` per line for text). Each file gives its own batches (one input partition each;
// very large files are cut every ~1M rows); a file without rows gives none.
//
// Errors: a missing file is an IOError naming it, or with ignoreMissingFiles a warning and
// the file is skipped; a truncated or corrupt .gz likewise with ignoreCorruptFiles; a
// malformed record in FAILFAST mode is an ExecutionError naming the file and line.
// Const methods are thread-safe.
class FileBatchReader {
 public:
  // REQUIRES: CheckReadSchema(*schema, options) is ok.
  FileBatchReader(FileReadOptions options, types::SchemaPtr schema, std::string base_dir);

  // Reads `files` (absolute local paths), in order, running files in parallel on `pool`
  // when given. Warnings about skipped files are appended to `warnings` (may be null).
  Result<std::vector<types::BatchPtr>> Read(const std::vector<std::string>& files, ThreadPool* pool,
                                            std::vector<std::string>* warnings) const;

  const types::SchemaPtr& schema() const { return schema_; }
  const FileReadOptions& options() const { return options_; }

 private:
  // The batches of one file; a skipped file gives none and a warning.
  Status ReadOne(const std::string& path, std::vector<types::BatchPtr>* out, std::string* warning) const;

  FileReadOptions options_;
  types::SchemaPtr schema_;
  std::string base_dir_;
  int corrupt_field_ = -1;
};

}  // namespace sluice::connectors
