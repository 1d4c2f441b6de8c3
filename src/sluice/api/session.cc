#include "sluice/api/session.h"

#include "sluice/api/exceptions.h"
#include "sluice/api/statement_executor.h"
#include "sluice/connectors/memory/memory_stream.h"
#include "sluice/connectors/memory/memory_stream_registry.h"
#include "sluice/plan/logical_plan.h"
#include "sluice/plan/plan_builder.h"
#include "sluice/runtime/catalog.h"
#include "sluice/runtime/streaming_query.h"

namespace sluice {

namespace {

// Builds the batch of a static DataFrame from user rows (coerced, then validated).
Result<types::BatchPtr> RowsToBatch(const types::SchemaPtr& schema, const std::vector<types::Row>& rows,
                                    const TimeZone& tz) {
  SLUICE_ASSIGN_OR_RETURN(std::vector<types::Row> fitted, api::CoerceRows(*schema, rows, tz));
  SLUICE_RETURN_IF_ERROR(connectors::ValidateRows(*schema, fitted).WithContext("createDataFrame"));
  return types::Batch::FromRows(schema, fitted);
}

}  // namespace

Session::Session(const Config& conf) : catalog_(std::make_shared<runtime::SessionCatalog>()), conf_(conf) {}

std::shared_ptr<Session> Session::Create() { return Create(Config()); }

std::shared_ptr<Session> Session::Create(const Config& conf) {
  // The constructor is private; make_shared cannot reach it.
  return std::shared_ptr<Session>(new Session(conf));
}

Session::~Session() { stop(); }

RuntimeConfig Session::conf() { return RuntimeConfig(shared_from_this()); }

DataStreamReader Session::readStream() { return DataStreamReader(shared_from_this()); }

DataFrameReader Session::read() { return DataFrameReader(shared_from_this()); }

DataFrame Session::sql(const std::string& text) { return api::ValueOrThrow(trySql(text)); }

Result<DataFrame> Session::trySql(const std::string& text) { return api::ExecuteSql(shared_from_this(), text); }

DataFrame Session::table(const std::string& name) {
  return api::ValueOrThrow(DataFrame::FromPlan(shared_from_this(), plan::MakeRelation(name)));
}

DataFrame Session::createDataFrame(const std::vector<types::Row>& rows, const std::string& schema) {
  types::Schema parsed = api::ValueOrThrow(types::Schema::Parse(schema));
  return createDataFrame(rows, parsed);
}

DataFrame Session::createDataFrame(const std::vector<types::Row>& rows, const types::Schema& schema) {
  auto schema_ptr = std::make_shared<const types::Schema>(schema);
  types::BatchPtr batch = api::ValueOrThrow(RowsToBatch(schema_ptr, rows, api::ValueOrThrow(SessionTimeZone())));
  std::string name = api::ValueOrThrow(AddAnonymousTable(schema_ptr, {batch}));
  return api::ValueOrThrow(AnonymousDataFrame(name));
}

DataFrame Session::range(int64_t end) { return range(0, end, 1); }

DataFrame Session::range(int64_t start, int64_t end, int64_t step) {
  if (step == 0) api::ThrowIfError(Status::InvalidArgument("range: step must not be 0"));
  auto schema = std::make_shared<const types::Schema>(
      std::vector<types::StructField>{{"id", types::DataType::Bigint(), false}});
  std::vector<types::Row> rows;
  for (int64_t v = start; step > 0 ? v < end : v > end; v += step) rows.push_back({types::Value::Int(v)});
  std::string name = api::ValueOrThrow(AddAnonymousTable(schema, {types::Batch::FromRows(schema, rows)}));
  return api::ValueOrThrow(AnonymousDataFrame(name));
}

MemoryStream Session::memoryStream(const std::string& name, const std::string& schema) {
  auto parsed = std::make_shared<const types::Schema>(api::ValueOrThrow(types::Schema::Parse(schema)));
  auto stream = std::make_shared<connectors::MemoryStream>(parsed, name);
  // A new stream each time, as each Spark MemoryStream is new; queries already reading
  // an older stream of that name keep reading it.
  connectors::MemoryStreamRegistry::Global().Register(stream);
  api::ThrowIfError(catalog_->AddSource(name, "memory", {}, parsed, /*or_replace=*/true, ConfSnapshot()));
  return MemoryStream(shared_from_this(), stream);
}

StreamingQueryManager Session::streams() { return StreamingQueryManager(shared_from_this()); }

void Session::stop() {
  for (const auto& q : ActiveQueries()) q->Stop();
}

Result<TimeZone> Session::SessionTimeZone() const {
  return TimeZone::Parse(ConfSnapshot().GetString(conf::kSessionTimeZone, "UTC"));
}

Config Session::ConfSnapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return conf_;
}

void Session::SetConf(const std::string& key, const std::string& value) {
  std::lock_guard<std::mutex> lock(mu_);
  conf_.Set(key, value);
}

void Session::UnsetConf(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  // Config has no erase: rebuild it without the key.
  std::string normalized = Config::NormalizeKey(key);
  Config rebuilt;
  for (const auto& [k, v] : conf_.entries()) {
    if (k != normalized) rebuilt.Set(k, v);
  }
  conf_ = std::move(rebuilt);
}

std::string Session::NewInternalName(const std::string& kind) {
  return "__sluice_" + kind + "_" + std::to_string(next_internal_id_.fetch_add(1));
}

Result<DataFrame> Session::AnonymousDataFrame(const std::string& internal_name) {
  // An alias without a name clears the columns' qualifier.
  return DataFrame::FromPlan(shared_from_this(), plan::PlanBuilder::Table(internal_name).Alias("").plan());
}

Result<std::string> Session::AddAnonymousTable(types::SchemaPtr schema, std::vector<types::BatchPtr> batches) {
  std::string name = NewInternalName("table");
  SLUICE_RETURN_IF_ERROR(catalog_->AddTable(name, std::move(schema), std::move(batches), /*or_replace=*/false));
  return name;
}

void Session::CollectTerminatedLocked() {
  for (auto it = queries_.begin(); it != queries_.end();) {
    if ((*it)->IsActive()) {
      ++it;
    } else {
      last_terminated_ = *it;
      it = queries_.erase(it);
    }
  }
}

void Session::AddQuery(std::shared_ptr<runtime::StreamingQuery> query) {
  std::lock_guard<std::mutex> lock(mu_);
  CollectTerminatedLocked();
  queries_.push_back(std::move(query));
}

std::vector<std::shared_ptr<runtime::StreamingQuery>> Session::ActiveQueries() {
  std::lock_guard<std::mutex> lock(mu_);
  CollectTerminatedLocked();
  return queries_;
}

std::shared_ptr<runtime::StreamingQuery> Session::LastTerminatedQuery() {
  std::lock_guard<std::mutex> lock(mu_);
  CollectTerminatedLocked();
  return last_terminated_;
}

void Session::ResetTerminatedQueries() {
  std::lock_guard<std::mutex> lock(mu_);
  CollectTerminatedLocked();
  last_terminated_ = nullptr;
}

}  // namespace sluice
