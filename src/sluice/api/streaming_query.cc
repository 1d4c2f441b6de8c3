#include "sluice/api/streaming_query.h"

#include <iostream>

#include "sluice/runtime/streaming_query.h"

namespace sluice {

namespace {

// Spark's wording: "[STREAM_FAILED] Query [id = ..., runId = ...] terminated with exception: ...".
StreamingQueryException MakeQueryException(const runtime::StreamingQuery& query, const Status& cause) {
  std::string name = query.name().empty() ? "" : "name = " + query.name() + ", ";
  std::string message = "[STREAM_FAILED] Query [" + name + "id = " + query.id() + ", runId = " + query.run_id() +
                        "] terminated with exception: " + cause.message();
  return StreamingQueryException(Status(cause.code(), message));
}

}  // namespace

StreamingQuery::StreamingQuery(std::shared_ptr<runtime::StreamingQuery> query) : query_(std::move(query)) {}

std::string StreamingQuery::id() const { return query_->id(); }
std::string StreamingQuery::runId() const { return query_->run_id(); }
std::string StreamingQuery::name() const { return query_->name(); }
bool StreamingQuery::isActive() const { return query_->IsActive(); }

void StreamingQuery::ThrowIfFailed() const {
  Status error = query_->exception();
  if (!error.ok()) throw MakeQueryException(*query_, error);
}

void StreamingQuery::awaitTermination() const {
  query_->AwaitTermination(-1);
  ThrowIfFailed();
}

bool StreamingQuery::awaitTermination(int64_t timeout_ms) const {
  bool ended = query_->AwaitTermination(timeout_ms < 0 ? 0 : timeout_ms);
  ThrowIfFailed();
  return ended;
}

void StreamingQuery::processAllAvailable() const {
  Status s = query_->ProcessAllAvailable();
  if (!s.ok()) throw MakeQueryException(*query_, s);
}

void StreamingQuery::stop() const { query_->Stop(); }

std::string StreamingQuery::lastProgress() const {
  auto progress = query_->LastProgress();
  return progress ? progress->dump(2) : std::string();
}

nlohmann::ordered_json StreamingQuery::lastProgressJson() const {
  auto progress = query_->LastProgress();
  return progress ? *progress : nlohmann::ordered_json();
}

std::vector<nlohmann::ordered_json> StreamingQuery::recentProgress() const { return query_->RecentProgress(); }

std::string StreamingQuery::status() const { return query_->StatusJson().dump(2); }

nlohmann::ordered_json StreamingQuery::statusJson() const { return query_->StatusJson(); }

std::optional<StreamingQueryException> StreamingQuery::exception() const {
  Status error = query_->exception();
  if (error.ok()) return std::nullopt;
  return MakeQueryException(*query_, error);
}

void StreamingQuery::explain(bool extended) const { std::cout << explainString(extended) << "\n" << std::flush; }

std::string StreamingQuery::explainString(bool extended) const { return query_->Explain(extended); }

}  // namespace sluice
