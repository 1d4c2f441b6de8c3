#include "sluice/connectors/memory/memory_source.h"

#include "sluice/connectors/memory/memory_stream_registry.h"
#include "sluice/connectors/option_table.h"

namespace sluice::connectors {
namespace {

Offset ToJson(std::optional<int64_t> offset) { return offset ? Offset(*offset) : Offset(); }

Result<std::string> StreamName(const ConnectorOptions& options, const ConnectorContext& ctx) {
  std::string name = options.GetString("name").value_or(ctx.name);
  if (name.empty()) {
    return Status::InvalidArgument(
        "memory source: no stream name; give option 'name' or declare the source with a name "
        "(CREATE SOURCE events (...) USING memory)");
  }
  return name;
}

std::string RegisteredNames() {
  std::string out;
  for (const auto& name : MemoryStreamRegistry::Global().Names()) out += (out.empty() ? "" : ", ") + name;
  return out.empty() ? "none" : out;
}

Status CheckUserSchema(const MemoryStream& stream, const ConnectorContext& ctx) {
  if (ctx.user_schema == nullptr) return Status::OK();
  const types::Schema& have = *stream.schema();
  bool same = have.num_fields() == ctx.user_schema->num_fields();
  for (size_t i = 0; same && i < have.num_fields(); ++i) {
    same = have.field(i).type->Equals(*ctx.user_schema->field(i).type);
  }
  if (same) return Status::OK();
  return Status::AnalysisError("memory source '" + stream.name() + "': the declared schema (" +
                               ctx.user_schema->ToString() + ") does not match the stream's (" + have.ToString() + ")");
}

}  // namespace

MemorySource::MemorySource(std::shared_ptr<MemoryStream> stream) : stream_(std::move(stream)) {}

MemorySource::~MemorySource() { Stop(); }

void MemorySource::SetDataListener(std::function<void()> listener) {
  Stop();
  if (listener) listener_id_ = stream_->AddListener(std::move(listener));
}

void MemorySource::Stop() {
  if (listener_id_) stream_->RemoveListener(*listener_id_);
  listener_id_.reset();
}

Result<Offset> MemorySource::LatestOffset(const Offset& start, const ReadLimit& limit) {
  SLUICE_ASSIGN_OR_RETURN(std::optional<int64_t> from, MemoryOffsetFromJson(start, stream_->name()));
  std::optional<int64_t> latest = stream_->LatestOffsetFrom(from, limit.max_rows);
  if (available_now_ && latest && (!available_now_end_ || *latest > *available_now_end_)) {
    // Trigger.AvailableNow: data added after PrepareForAvailableNow waits for the next run.
    latest = from && available_now_end_ && *from > *available_now_end_ ? from : available_now_end_;
  }
  return ToJson(latest);
}

Result<std::vector<types::BatchPtr>> MemorySource::GetBatch(const Offset& start, const Offset& end) {
  SLUICE_ASSIGN_OR_RETURN(std::optional<int64_t> from, MemoryOffsetFromJson(start, stream_->name()));
  SLUICE_ASSIGN_OR_RETURN(std::optional<int64_t> to, MemoryOffsetFromJson(end, stream_->name()));
  if (!to) return std::vector<types::BatchPtr>();
  return stream_->GetBatches(from, *to);
}

void MemorySource::PrepareForAvailableNow() {
  available_now_ = true;
  available_now_end_ = stream_->latest_offset();
}

Result<std::unique_ptr<Source>> CreateMemorySource(const ConnectorOptions& options, const ConnectorContext& ctx) {
  SLUICE_ASSIGN_OR_RETURN(std::string name, StreamName(options, ctx));
  std::shared_ptr<MemoryStream> stream = MemoryStreamRegistry::Global().Find(name);
  if (stream != nullptr) {
    SLUICE_RETURN_IF_ERROR(CheckUserSchema(*stream, ctx));
  } else if (ctx.user_schema != nullptr) {
    SLUICE_ASSIGN_OR_RETURN(stream, MemoryStreamRegistry::Global().GetOrCreate(name, ctx.user_schema));
  } else {
    return Status::AnalysisError("memory source: no memory stream named '" + name + "' (registered: " +
                                 RegisteredNames() + "); register one or declare the source with a schema");
  }
  return std::unique_ptr<Source>(new MemorySource(std::move(stream)));
}

Result<types::SchemaPtr> MemorySourceSchema(const ConnectorOptions& options, const ConnectorContext& ctx) {
  SLUICE_ASSIGN_OR_RETURN(std::string name, StreamName(options, ctx));
  std::shared_ptr<MemoryStream> stream = MemoryStreamRegistry::Global().Find(name);
  if (stream != nullptr) {
    SLUICE_RETURN_IF_ERROR(CheckUserSchema(*stream, ctx));
    return stream->schema();
  }
  if (ctx.user_schema != nullptr) return ctx.user_schema;
  return Status::AnalysisError("memory source: no memory stream named '" + name + "' (registered: " +
                               RegisteredNames() + "); register one or declare the source with a schema");
}

}  // namespace sluice::connectors
