#include "sluice/api/data_frame_reader.h"

#include <algorithm>
#include <cctype>

#include "sluice/api/exceptions.h"
#include "sluice/api/session.h"
#include "sluice/common/strings.h"
#include "sluice/connectors/memory/memory_sink.h"
#include "sluice/connectors/memory/memory_stream_registry.h"
#include "sluice/connectors/memory/memory_table_registry.h"
#include "sluice/connectors/registry.h"

namespace sluice {

namespace {

// A snapshot of what the memory sink table or memory stream `name` holds now.
Result<std::pair<types::SchemaPtr, std::vector<types::BatchPtr>>> MemorySnapshot(const std::string& name) {
  if (auto sink = connectors::MemoryTableRegistry::Global().Find(name); sink && sink->schema()) {
    return std::make_pair(sink->schema(), sink->Snapshot());
  }
  if (auto stream = connectors::MemoryStreamRegistry::Global().Find(name)) {
    std::vector<types::BatchPtr> batches;
    if (auto latest = stream->latest_offset()) {
      SLUICE_ASSIGN_OR_RETURN(batches, stream->GetBatches(std::nullopt, *latest));
    }
    return std::make_pair(stream->schema(), std::move(batches));
  }
  std::string known;
  for (const auto& n : connectors::MemoryTableRegistry::Global().Names()) known += (known.empty() ? "" : ", ") + n;
  for (const auto& n : connectors::MemoryStreamRegistry::Global().Names()) known += (known.empty() ? "" : ", ") + n;
  return Status::AnalysisError("read().format(\"memory\"): no memory table or memory stream named '" + name + "'" +
                               (known.empty() ? std::string("; none exist") : "; known: " + known));
}

}  // namespace

DataFrameReader& DataFrameReader::format(const std::string& source) {
  format_ = source;
  return *this;
}

DataFrameReader& DataFrameReader::option(const std::string& key, const std::string& value) {
  options_[AsciiLower(key)] = {key, value};
  return *this;
}

DataFrameReader& DataFrameReader::options(const std::map<std::string, std::string>& options) {
  for (const auto& [k, v] : options) option(k, v);
  return *this;
}

DataFrameReader& DataFrameReader::schema(const std::string& ddl) {
  schema_ = std::make_shared<types::Schema>(api::ValueOrThrow(types::Schema::Parse(ddl)));
  return *this;
}

DataFrame DataFrameReader::load() const {
  if (AsciiLower(format_) != "memory") {
    // Files and other bounded formats go through the connector's batch reader.
    Config conf = session_->ConfSnapshot();
    connectors::ConnectorContext ctx;
    ctx.name = format_;
    for (const auto& [lower, kv] : options_) ctx.options[kv.first] = kv.second;
    ctx.user_schema = schema_;
    ctx.conf = &conf;
    std::vector<types::BatchPtr> batches = api::ValueOrThrow(connectors::ReadBatch(format_, ctx));
    types::SchemaPtr schema = batches.empty() ? schema_ : batches.front()->schema();
    if (!schema) api::ThrowIfError(Status::AnalysisError("read(): format '" + format_ + "' returned no schema"));
    std::string table = api::ValueOrThrow(session_->AddAnonymousTable(schema, std::move(batches)));
    return api::ValueOrThrow(session_->AnonymousDataFrame(table));
  }
  auto name = options_.find("name");
  if (name == options_.end()) name = options_.find("path");
  if (name == options_.end()) {
    api::ThrowIfError(Status::InvalidArgument("read().format(\"memory\"): give the table or stream name: load(name)"));
  }
  auto [schema, batches] = api::ValueOrThrow(MemorySnapshot(name->second.second));
  std::string table = api::ValueOrThrow(session_->AddAnonymousTable(schema, std::move(batches)));
  return api::ValueOrThrow(session_->AnonymousDataFrame(table));
}

DataFrame DataFrameReader::load(const std::string& path) const {
  DataFrameReader copy = *this;
  copy.option("path", path);
  return copy.load();
}

DataFrame DataFrameReader::table(const std::string& name) const {
  DataFrame df = session_->table(name);
  if (df.isStreaming()) {
    api::ThrowIfError(Status::AnalysisError("read().table('" + name +
                                            "'): it is a streaming source; use readStream().table('" + name + "')"));
  }
  return df;
}

}  // namespace sluice
