#include "sluice/connectors/registry.h"

#include <algorithm>
#include <iterator>

#include "sluice/common/strings.h"
#include "sluice/connectors/console/console_sink.h"
#include "sluice/connectors/console/options.h"
#include "sluice/connectors/file/file_stream_sink.h"
#include "sluice/connectors/file/file_stream_source.h"
#include "sluice/connectors/file/options.h"
#include "sluice/connectors/file/read_files.h"
#include "sluice/connectors/memory/memory_sink.h"
#include "sluice/connectors/memory/memory_source.h"
#include "sluice/connectors/memory/options.h"
#include "sluice/connectors/rate/options.h"
#include "sluice/connectors/rate/rate_source.h"
#include "sluice/connectors/socket/options.h"
#include "sluice/connectors/socket/socket_source.h"

namespace sluice::connectors {
namespace {

std::vector<OptionSpec> Options(OptionTable table) { return {table.begin(), table.end()}; }

std::vector<OptionSpec> SinkOptions(OptionTable table) {
  std::vector<OptionSpec> out(table.begin(), table.end());
  out.insert(out.end(), std::begin(kCommonSinkOptions), std::end(kCommonSinkOptions));
  return out;
}

// THE list of connectors: add one entry per format.
std::vector<ConnectorInfo> BuildConnectorList() {
  std::vector<ConnectorInfo> list = {
      {
          .format = "console",
          .summary = "prints every batch as a table, like Spark's console sink",
          .kind = ConnectorKind::kSink,
          .sink_options = SinkOptions(kConsoleSinkOptions),
          .make_sink = CreateConsoleSink,
      },
      {
          .format = "csv",
          .summary = "CSV files: a folder read as a stream (Spark's FileStreamSource) and written by a file sink",
          .kind = ConnectorKind::kBoth,
          .source_options = Options(FileSourceOptionTable(FileFormat::kCsv)),
          .sink_options = SinkOptions(FileSinkOptionTable(FileFormat::kCsv)),
          .schema_mode = SourceSchemaMode::kUserRequired,
          .make_source = CreateFileSourceOf<FileFormat::kCsv>,
          .source_schema = FileSourceSchemaOf<FileFormat::kCsv>,
          .make_sink = CreateFileSinkOf<FileFormat::kCsv>,
          .batch_read = ReadFilesOf<FileFormat::kCsv>,
      },
      {
          .format = "json",
          .summary = "JSON Lines files: a folder read as a stream (Spark's FileStreamSource) and written by a file sink",
          .kind = ConnectorKind::kBoth,
          .source_options = Options(FileSourceOptionTable(FileFormat::kJson)),
          .sink_options = SinkOptions(FileSinkOptionTable(FileFormat::kJson)),
          .schema_mode = SourceSchemaMode::kUserRequired,
          .make_source = CreateFileSourceOf<FileFormat::kJson>,
          .source_schema = FileSourceSchemaOf<FileFormat::kJson>,
          .make_sink = CreateFileSinkOf<FileFormat::kJson>,
          .batch_read = ReadFilesOf<FileFormat::kJson>,
      },
      {
          .format = "memory",
          .summary = "in-memory stream (Spark's MemoryStream) and in-memory table sink (Spark's MemorySink)",
          .kind = ConnectorKind::kBoth,
          .source_options = Options(kMemorySourceOptions),
          .sink_options = SinkOptions(kMemorySinkOptions),
          .schema_mode = SourceSchemaMode::kUserOrConnector,
          .make_source = CreateMemorySource,
          .source_schema = MemorySourceSchema,
          .make_sink = CreateMemorySink,
      },
      {
          .format = "rate",
          .summary = "generates (timestamp, value) rows at a fixed rate, like Spark's rate source",
          .kind = ConnectorKind::kSource,
          .source_options = Options(kRateSourceOptions),
          .schema_mode = SourceSchemaMode::kFixed,
          .make_source = CreateRateSource,
          .source_schema = RateSourceSchema,
      },
      {
          .format = "socket",
          .summary = "lines of text from a TCP server, like Spark's socket source (not fault tolerant; for tests)",
          .kind = ConnectorKind::kSource,
          .source_options = Options(kSocketSourceOptions),
          .schema_mode = SourceSchemaMode::kFixed,
          .make_source = CreateSocketSource,
          .source_schema = SocketSourceSchema,
      },
      {
          .format = "text",
          .summary = "text files, one `value STRING` row per line (Spark's text source) and a file sink",
          .kind = ConnectorKind::kBoth,
          .source_options = Options(FileSourceOptionTable(FileFormat::kText)),
          .sink_options = SinkOptions(FileSinkOptionTable(FileFormat::kText)),
          .schema_mode = SourceSchemaMode::kUserOrConnector,
          .make_source = CreateFileSourceOf<FileFormat::kText>,
          .source_schema = FileSourceSchemaOf<FileFormat::kText>,
          .make_sink = CreateFileSinkOf<FileFormat::kText>,
          .batch_read = ReadFilesOf<FileFormat::kText>,
      },
  };
  std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.format < b.format; });
  return list;
}

std::string JoinFormats(bool sources, bool sinks) {
  std::string out;
  for (const auto& info : ConnectorList()) {
    if ((sources && info.is_source()) || (sinks && info.is_sink())) out += (out.empty() ? "" : ", ") + info.format;
  }
  return out;
}

Result<const ConnectorInfo*> FindSource(const std::string& format) {
  SLUICE_ASSIGN_OR_RETURN(const ConnectorInfo* info, FindConnector(format));
  if (!info->is_source()) {
    // Spark: "Data source console does not support streamed reading".
    return Status::AnalysisError("Data source " + format + " does not support streamed reading; streaming sources: " +
                                 JoinFormats(true, false));
  }
  return info;
}

Result<ConnectorOptions> ParseSourceOptions(const ConnectorInfo& info, const ConnectorContext& ctx) {
  return ConnectorOptions::Parse("source '" + info.format + "'", info.source_options, ctx.options);
}

}  // namespace

const char* ConnectorKindName(ConnectorKind kind) {
  switch (kind) {
    case ConnectorKind::kSource: return "source";
    case ConnectorKind::kSink: return "sink";
    case ConnectorKind::kBoth: return "source and sink";
  }
  return "?";
}

const std::vector<ConnectorInfo>& ConnectorList() {
  static const std::vector<ConnectorInfo>* list = new std::vector<ConnectorInfo>(BuildConnectorList());
  return *list;
}

Result<const ConnectorInfo*> FindConnector(const std::string& format) {
  std::string lower = AsciiLower(format);
  for (const auto& info : ConnectorList()) {
    if (info.format == lower) return &info;
  }
  std::vector<std::string> names;
  for (const auto& info : ConnectorList()) names.push_back(info.format);
  std::string message = "Failed to find the data source: " + format + "; known formats: " + JoinFormats(true, true);
  std::string closest = ClosestName(format, names);
  if (!closest.empty()) message += "; did you mean '" + closest + "'?";
  return Status::AnalysisError(message);
}

Result<std::unique_ptr<Source>> CreateSource(const std::string& format, const ConnectorContext& ctx) {
  SLUICE_ASSIGN_OR_RETURN(const ConnectorInfo* info, FindSource(format));
  SLUICE_ASSIGN_OR_RETURN(ConnectorOptions options, ParseSourceOptions(*info, ctx));
  return info->make_source(options, ctx);
}

Result<std::unique_ptr<Sink>> CreateSink(const std::string& format, const ConnectorContext& ctx) {
  SLUICE_ASSIGN_OR_RETURN(const ConnectorInfo* info, FindConnector(format));
  if (!info->is_sink()) {
    // Spark: "Data source rate does not support streamed writing".
    return Status::AnalysisError("Data source " + format + " does not support streamed writing; streaming sinks: " +
                                 JoinFormats(false, true));
  }
  SLUICE_ASSIGN_OR_RETURN(ConnectorOptions options,
                          ConnectorOptions::Parse("sink '" + info->format + "'", info->sink_options, ctx.options));
  return info->make_sink(options, ctx);
}

Result<types::SchemaPtr> SourceSchema(const std::string& format, const ConnectorContext& ctx) {
  SLUICE_ASSIGN_OR_RETURN(const ConnectorInfo* info, FindSource(format));
  SLUICE_ASSIGN_OR_RETURN(ConnectorOptions options, ParseSourceOptions(*info, ctx));
  if (info->source_schema != nullptr) return info->source_schema(options, ctx);
  if (ctx.user_schema != nullptr) return ctx.user_schema;
  return Status::AnalysisError("Unable to infer schema for " + info->format + ". It must be specified manually.");
}

Result<std::vector<types::BatchPtr>> ReadBatch(const std::string& format, const ConnectorContext& ctx) {
  SLUICE_ASSIGN_OR_RETURN(const ConnectorInfo* info, FindConnector(format));
  if (info->batch_read == nullptr) {
    std::string readable;
    for (const auto& entry : ConnectorList()) {
      if (entry.batch_read != nullptr) readable += (readable.empty() ? "" : ", ") + entry.format;
    }
    return Status::AnalysisError("Data source " + format + " does not support batch reads; formats with batch reads: " +
                                 readable);
  }
  SLUICE_ASSIGN_OR_RETURN(ConnectorOptions options, ParseSourceOptions(*info, ctx));
  return info->batch_read(options, ctx);
}

Result<SourceSchemaMode> SourceSchemaModeOf(const std::string& format) {
  SLUICE_ASSIGN_OR_RETURN(const ConnectorInfo* info, FindSource(format));
  return info->schema_mode;
}

std::string ConnectorHelpText() {
  std::string out = "Formats (USING <format> OPTIONS (...) in SQL, .format(...).option(...) in C++):\n";
  auto describe = [&out](const char* role, const std::vector<OptionSpec>& options) {
    out += "  " + std::string(role) + " options:\n";
    if (options.empty()) out += "    (none)\n";
    for (const auto& spec : options) {
      out += "    " + std::string(spec.name) + " (" + OptionTypeName(spec.type);
      if (spec.required) out += ", required";
      if (spec.default_value != nullptr) out += ", default " + std::string(spec.default_value);
      out += "): " + std::string(spec.doc) + "\n";
    }
  };
  for (const auto& info : ConnectorList()) {
    out += "\n" + info.format + " (" + ConnectorKindName(info.kind) + "): " + info.summary + "\n";
    if (info.is_source()) describe("source", info.source_options);
    if (info.is_sink()) describe("sink", info.sink_options);
  }
  return out;
}

}  // namespace sluice::connectors
