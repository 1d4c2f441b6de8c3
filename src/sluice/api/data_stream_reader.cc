#include "sluice/api/data_stream_reader.h"

#include <algorithm>
#include <cctype>

#include "sluice/api/exceptions.h"
#include "sluice/api/session.h"
#include "sluice/common/strings.h"
#include "sluice/plan/logical_plan.h"
#include "sluice/runtime/catalog.h"

namespace sluice {

namespace {


// Errors about an anonymous source carry the catalog's context "source '__sluice_...': ";
// the user never saw that name, so it is dropped.
Status WithoutInternalName(const Status& s, const std::string& name) {
  std::string prefix = "source '" + name + "': ";
  if (s.message().rfind(prefix, 0) == 0) return Status(s.code(), s.message().substr(prefix.size()));
  return s;
}

}  // namespace

DataStreamReader& DataStreamReader::format(const std::string& source) {
  format_ = source;
  return *this;
}

DataStreamReader& DataStreamReader::option(const std::string& key, const std::string& value) {
  options_[AsciiLower(key)] = {key, value};
  return *this;
}

DataStreamReader& DataStreamReader::options(const std::map<std::string, std::string>& options) {
  for (const auto& [k, v] : options) option(k, v);
  return *this;
}

DataStreamReader& DataStreamReader::schema(const std::string& ddl) {
  schema_ = std::make_shared<const types::Schema>(api::ValueOrThrow(types::Schema::Parse(ddl)));
  return *this;
}

DataStreamReader& DataStreamReader::schema(const types::Schema& schema) {
  schema_ = std::make_shared<const types::Schema>(schema);
  return *this;
}

Result<DataFrame> DataStreamReader::tryLoad() const {
  if (format_.empty()) {
    return Status::InvalidArgument("readStream(): no source format given; use format(\"rate\"), format(\"memory\"), ...");
  }
  std::map<std::string, std::string> options;
  for (const auto& [lower, entry] : options_) options[entry.first] = entry.second;
  std::string name = session_->NewInternalName(AsciiLower(format_) + "_source");
  Status s = session_->catalog()->AddSource(name, format_, std::move(options), schema_, /*or_replace=*/false,
                                            session_->ConfSnapshot());
  if (!s.ok()) return WithoutInternalName(s, name);
  return session_->AnonymousDataFrame(name);
}

DataFrame DataStreamReader::load() const { return api::ValueOrThrow(tryLoad()); }

DataFrame DataStreamReader::load(const std::string& path) const {
  DataStreamReader copy = *this;
  copy.option("path", path);
  return copy.load();
}

DataFrame DataStreamReader::table(const std::string& name) const {
  DataFrame df = session_->table(name);
  if (!df.isStreaming()) {
    api::ThrowIfError(Status::AnalysisError("readStream().table('" + name +
                                            "'): it is a static table, not a stream; use session->table() or "
                                            "read().table() for static data"));
  }
  return df;
}

}  // namespace sluice
