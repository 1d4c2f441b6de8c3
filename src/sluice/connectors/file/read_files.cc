#include "sluice/connectors/file/read_files.h"

#include <algorithm>
#include <iostream>
#include <thread>

#include "sluice/common/thread_pool.h"
#include "sluice/connectors/file/file_batch_reader.h"
#include "sluice/connectors/file/file_listing.h"
#include "sluice/connectors/file/file_read_options.h"
#include "sluice/connectors/file/schema_inference.h"

namespace sluice::connectors {

Result<std::vector<types::BatchPtr>> ReadFiles(FileFormat format, const ConnectorOptions& options,
                                               types::SchemaPtr schema, const Config* conf) {
  SLUICE_ASSIGN_OR_RETURN(FileReadOptions read, FileReadOptions::From(format, options, conf));
  SLUICE_ASSIGN_OR_RETURN(FilePathSpec spec, ResolveFilePath(options.GetString("path").value_or("")));
  SLUICE_RETURN_IF_ERROR(CheckPathExists(spec));
  SLUICE_ASSIGN_OR_RETURN(std::vector<ListedFile> listed, ListDataFiles(spec));
  std::vector<std::string> files;
  files.reserve(listed.size());
  for (const auto& f : listed) files.push_back(f.path);

  if (schema == nullptr) {
    switch (format) {
      case FileFormat::kJson: {
        SLUICE_ASSIGN_OR_RETURN(schema, InferJsonSchema(files, read));
        break;
      }
      case FileFormat::kCsv: {
        SLUICE_ASSIGN_OR_RETURN(schema, InferCsvSchema(files, read));
        break;
      }
      case FileFormat::kText:
        schema = std::make_shared<types::Schema>(
            std::vector<types::StructField>{{"value", types::DataType::String(), true}});
        break;
    }
    if (format != FileFormat::kText) schema = AddPartitionColumns(schema, spec.base_dir, files);
  }
  SLUICE_RETURN_IF_ERROR(CheckReadSchema(*schema, read));

  FileBatchReader reader(read, schema, spec.base_dir);
  std::unique_ptr<ThreadPool> pool;
  if (files.size() > 1) {
    int threads = static_cast<int>(std::min<size_t>({files.size(), 8, std::max(1u, std::thread::hardware_concurrency())}));
    pool = std::make_unique<ThreadPool>(threads);
  }
  std::vector<std::string> warnings;
  SLUICE_ASSIGN_OR_RETURN(std::vector<types::BatchPtr> batches, reader.Read(files, pool.get(), &warnings));
  for (const auto& w : warnings) std::cerr << "WARN read " << spec.qualified << ": " << w << std::endl;
  if (batches.empty()) batches.push_back(types::Batch::Empty(schema));
  return batches;
}

}  // namespace sluice::connectors
