#pragma once

#include <string>
#include <vector>

#include "sluice/common/status.h"
#include "sluice/connectors/file/file_listing.h"
#include "sluice/connectors/file/file_read_options.h"
#include "sluice/types/schema.h"

namespace sluice::connectors {

// Schema inference for batch reads without a user schema (streaming file sources always
// need one, as in Spark).

// Spark's JsonInferSchema over every record of `files`: objects become structs with fields
// sorted by name, integers BIGINT, other numbers DOUBLE, true/false BOOLEAN, strings and
// nulls STRING, arrays ARRAY of their merged element type; conflicting types widen
// BIGINT+DOUBLE to DOUBLE and anything else to STRING. Malformed lines add the corrupt-record
// column (PERMISSIVE), are skipped (DROPMALFORMED) or fail (FAILFAST). AnalysisError
// "Unable to infer schema for JSON. It must be specified manually." when there is no record.
Result<types::SchemaPtr> InferJsonSchema(const std::vector<std::string>& files, const FileReadOptions& options);

// Spark's CSV schema without inferSchema: every column STRING, named by the header line
// (with header) or _c0, _c1, ... after the values of the first line of the first file that
// has one. Empty header names become _c<i>; duplicate names get their index appended.
// AnalysisError "Unable to infer schema for CSV. It must be specified manually." when no
// file has a line.
Result<types::SchemaPtr> InferCsvSchema(const std::vector<std::string>& files, const FileReadOptions& options);

// Appends the partition columns found in the folders of `files` below `base_dir` that the
// schema lacks, typed as Spark's partition inference does (INT, BIGINT, DOUBLE, else
// STRING).
types::SchemaPtr AddPartitionColumns(types::SchemaPtr schema, const std::string& base_dir,
                                     const std::vector<std::string>& files);

}  // namespace sluice::connectors
