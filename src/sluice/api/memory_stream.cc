#include "sluice/api/memory_stream.h"

#include "sluice/api/exceptions.h"
#include "sluice/api/session.h"
#include "sluice/connectors/memory/memory_stream.h"

namespace sluice {

int64_t MemoryStream::addData(const std::vector<types::Row>& rows) const {
  TimeZone tz = api::ValueOrThrow(session_->SessionTimeZone());
  std::vector<types::Row> fitted = api::ValueOrThrow(api::CoerceRows(*stream_->schema(), rows, tz));
  return api::ValueOrThrow(stream_->AddData(fitted));
}

DataFrame MemoryStream::toDF() const { return api::ValueOrThrow(session_->AnonymousDataFrame(stream_->name())); }

const std::string& MemoryStream::name() const { return stream_->name(); }

const types::Schema& MemoryStream::schema() const { return *stream_->schema(); }

}  // namespace sluice
