#pragma once

#include <vector>

#include "sluice/common/config.h"
#include "sluice/connectors/file/file_format.h"
#include "sluice/connectors/option_table.h"
#include "sluice/connectors/source.h"
#include "sluice/types/batch.h"

namespace sluice::connectors {

// The batch (static) reader of the file formats: what session.read().format("json")
// .load(dir) and static tables over files read. `options` are validated against
// FileSourceOptionTable(format) (the streaming-only options are accepted and ignored).
//
// Lists the path like the file source (file_listing.h): when the folder is a file sink's
// output, only the files its `_spark_metadata` log commits are read. Without `schema`,
// JSON and CSV schemas are inferred (schema_inference.h) and partition folders add
// columns; text is `value STRING`. Always returns at least one batch (an empty one when
// there are no rows) so that the schema is known; every batch has the same schema.
//
// Errors: AnalysisError "Path does not exist: file:/..." and the schema errors of
// CheckReadSchema / inference; file and parse errors as the file source reports them.
Result<std::vector<types::BatchPtr>> ReadFiles(FileFormat format, const ConnectorOptions& options,
                                               types::SchemaPtr schema, const Config* conf = nullptr);

// Registry adapter: ReadFiles(kFormat, options, ctx.user_schema, ctx.conf).
template <FileFormat kFormat>
Result<std::vector<types::BatchPtr>> ReadFilesOf(const ConnectorOptions& options, const ConnectorContext& ctx) {
  return ReadFiles(kFormat, options, ctx.user_schema, ctx.conf);
}

}  // namespace sluice::connectors
