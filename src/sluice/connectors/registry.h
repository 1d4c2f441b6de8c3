#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sluice/common/status.h"
#include "sluice/connectors/option_table.h"
#include "sluice/connectors/sink.h"
#include "sluice/connectors/source.h"

namespace sluice::connectors {

// The one registration point of sources and sinks (STYLE.md §4): registry.cc holds the
// list. To add a connector, write connectors/<name>/ with its options.h and factory
// functions, and add one entry to the list.

enum class ConnectorKind : uint8_t { kSource, kSink, kBoth };
// "source", "sink", "source and sink".
const char* ConnectorKindName(ConnectorKind kind);

// How a source's schema is decided.
enum class SourceSchemaMode : uint8_t {
  kFixed,            // the connector defines it; a user schema is rejected (rate)
  kUserRequired,     // the user must give one (file sources)
  kUserOrConnector,  // the user's, or one the connector knows (memory: its registered stream)
};

// Factories receive options already validated against the entry's option table.
using SourceFactory = Result<std::unique_ptr<Source>> (*)(const ConnectorOptions& options,
                                                          const ConnectorContext& ctx);
using SourceSchemaFunction = Result<types::SchemaPtr> (*)(const ConnectorOptions& options,
                                                          const ConnectorContext& ctx);
using SinkFactory = Result<std::unique_ptr<Sink>> (*)(const ConnectorOptions& options, const ConnectorContext& ctx);
// Reads the whole data once (a static DataFrame: session.read().format("json").load(dir)).
// Options are validated against the entry's source_options; ctx.user_schema may be null
// (the reader infers one or fails). Returns at least one batch, so the schema is known.
using BatchReadFunction = Result<std::vector<types::BatchPtr>> (*)(const ConnectorOptions& options,
                                                                   const ConnectorContext& ctx);

// One registered format.
struct ConnectorInfo {
  std::string format;   // lower case, matched case-insensitively: "rate", "memory", "console"
  std::string summary;  // one line, for `sluice run --help` and the docs
  ConnectorKind kind;
  std::vector<OptionSpec> source_options = {};  // when kind is kSource or kBoth
  std::vector<OptionSpec> sink_options = {};    // when kind is kSink or kBoth (includes kCommonSinkOptions)
  SourceSchemaMode schema_mode = SourceSchemaMode::kFixed;
  SourceFactory make_source = nullptr;
  SourceSchemaFunction source_schema = nullptr;
  SinkFactory make_sink = nullptr;
  BatchReadFunction batch_read = nullptr;  // formats that also read as static data (file formats)

  bool is_source() const { return kind != ConnectorKind::kSink; }
  bool is_sink() const { return kind != ConnectorKind::kSource; }
};

// Options every sink accepts because the runtime, not the sink, reads them (Spark hands
// writer options such as checkpointLocation to the sink as well).
inline constexpr OptionSpec kCommonSinkOptions[] = {
    {"checkpointLocation", OptionType::kString, nullptr, false, OptionCheck::kNone,
     "where the query keeps its checkpoint (read by the runtime, not the sink)"},
};

// Every registered connector, sorted by format.
const std::vector<ConnectorInfo>& ConnectorList();

// The entry for `format` (any case). AnalysisError listing the known formats when absent:
// "Failed to find the data source: foo; known formats: console, memory, rate".
Result<const ConnectorInfo*> FindConnector(const std::string& format);

// Creates a source of `format` from ctx.options (validated against its option table;
// unknown names and bad values are InvalidArgument errors naming the option).
Result<std::unique_ptr<Source>> CreateSource(const std::string& format, const ConnectorContext& ctx);
// Creates a sink of `format`.
Result<std::unique_ptr<Sink>> CreateSink(const std::string& format, const ConnectorContext& ctx);
// The schema a source of `format` would have, without starting it (nothing is created
// or written): rate -> `timestamp TIMESTAMP, value BIGINT`; memory -> the registered
// stream's schema or ctx.user_schema.
Result<types::SchemaPtr> SourceSchema(const std::string& format, const ConnectorContext& ctx);
// How the schema of a source of `format` is decided; lets the runtime know whether a
// user schema is required, allowed, or rejected.
Result<SourceSchemaMode> SourceSchemaModeOf(const std::string& format);

// Reads `format` as static data (ctx.options validated against its source options).
// AnalysisError when the format has no batch reader, listing the ones that do.
Result<std::vector<types::BatchPtr>> ReadBatch(const std::string& format, const ConnectorContext& ctx);

// Human-readable list of formats with their options, for `sluice run --help`.
std::string ConnectorHelpText();

}  // namespace sluice::connectors
