#include "sluice/runtime/catalog.h"

#include <algorithm>
#include <cctype>

#include "sluice/common/strings.h"
#include "sluice/connectors/memory/memory_sink.h"
#include "sluice/connectors/memory/memory_stream_registry.h"
#include "sluice/connectors/memory/memory_table_registry.h"
#include "sluice/connectors/registry.h"

namespace sluice::runtime {

Status SessionCatalog::CheckNew(const std::string& name, bool or_replace, const char* what) const {
  std::string key = AsciiLower(name);
  if (!or_replace && (relations_.count(key) || views_.count(key) || sinks_.count(key))) {
    return Status::AnalysisError(std::string("[TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create ") + what + " `" + name +
                                 "` because it already exists. Choose a different name, or use CREATE OR REPLACE.");
  }
  return Status::OK();
}

Status SessionCatalog::AddSource(const std::string& name, const std::string& format,
                                 std::map<std::string, std::string> options, types::SchemaPtr schema, bool or_replace,
                                 const Config& conf) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_RETURN_IF_ERROR(CheckNew(name, or_replace, "source"));
  connectors::ConnectorContext ctx;
  ctx.name = name;
  ctx.options = options;
  ctx.user_schema = schema;
  ctx.conf = &conf;
  if (AsciiLower(format) == "memory" && schema) {
    // A declared memory source is a MemoryStream of that name (tests, the C++ API).
    SLUICE_RETURN_IF_ERROR(connectors::MemoryStreamRegistry::Global().GetOrCreate(name, schema).status());
  }
  auto resolved = connectors::SourceSchema(format, ctx);
  if (!resolved.ok()) return resolved.status().WithContext("source '" + name + "'");
  auto info = std::make_shared<plan::RelationInfo>();
  info->kind = plan::RelationInfo::Kind::kStream;
  info->name = name;
  info->schema = *resolved;
  info->format = AsciiLower(format);
  info->options = std::move(options);
  info->user_schema = schema != nullptr;
  relations_[AsciiLower(name)] = info;
  return Status::OK();
}

Status SessionCatalog::AddTable(const std::string& name, types::SchemaPtr schema, std::vector<types::BatchPtr> rows,
                                bool or_replace) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_RETURN_IF_ERROR(CheckNew(name, or_replace, "table"));
  auto info = std::make_shared<plan::RelationInfo>();
  info->kind = plan::RelationInfo::Kind::kTable;
  info->name = name;
  info->schema = std::move(schema);
  info->rows = std::move(rows);
  relations_[AsciiLower(name)] = info;
  return Status::OK();
}

Status SessionCatalog::AddView(const std::string& name, sql::QueryPtr query, bool or_replace) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_RETURN_IF_ERROR(CheckNew(name, or_replace, "view"));
  views_[AsciiLower(name)] = std::move(query);
  return Status::OK();
}

Status SessionCatalog::AddSink(SinkDeclaration sink, bool or_replace) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_RETURN_IF_ERROR(CheckNew(sink.name, or_replace, "sink"));
  SLUICE_RETURN_IF_ERROR(connectors::FindConnector(sink.format).status());
  sinks_[AsciiLower(sink.name)] = std::move(sink);
  return Status::OK();
}

Result<SinkDeclaration> SessionCatalog::FindSink(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sinks_.find(AsciiLower(name));
  if (it == sinks_.end()) {
    std::string names;
    for (const auto& [k, v] : sinks_) names += (names.empty() ? "" : ", ") + v.name;
    return Status::AnalysisError("unknown sink '" + name + "'" +
                                 (names.empty() ? std::string("; no sinks are declared (CREATE SINK name USING console)")
                                                : "; declared sinks: " + names));
  }
  return it->second;
}

std::vector<std::string> SessionCatalog::SinkNames() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out;
  for (const auto& [k, v] : sinks_) out.push_back(v.name);
  return out;
}

std::shared_ptr<const plan::RelationInfo> SessionCatalog::Lookup(const std::string& name) const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = relations_.find(AsciiLower(name));
    if (it != relations_.end()) return it->second;
  }
  // The table of a memory sink: a snapshot of what its query has written so far.
  auto sink = connectors::MemoryTableRegistry::Global().Find(name);
  if (sink && sink->schema()) {
    auto info = std::make_shared<plan::RelationInfo>();
    info->kind = plan::RelationInfo::Kind::kTable;
    info->name = name;
    info->schema = sink->schema();
    info->rows = sink->Snapshot();
    return info;
  }
  return nullptr;
}

sql::QueryPtr SessionCatalog::LookupView(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = views_.find(AsciiLower(name));
  return it == views_.end() ? nullptr : it->second;
}

std::vector<std::string> SessionCatalog::Names() const {
  std::vector<std::string> out;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [k, v] : relations_) out.push_back(v->name);
    for (const auto& [k, v] : views_) out.push_back(k);
  }
  for (const auto& n : connectors::MemoryTableRegistry::Global().Names()) out.push_back(n);
  return out;
}

}  // namespace sluice::runtime
