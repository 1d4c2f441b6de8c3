#pragma once

#include <map>
#include <memory>
#include <string>
#include <type_traits>

#include "sluice/api/data_frame.h"
#include "sluice/api/option_text.h"
#include "sluice/types/schema.h"

namespace sluice {

class Session;

// Builds a streaming DataFrame from a source (Spark's DataStreamReader), from
// session->readStream():
//   session->readStream().format("rate").option("rowsPerSecond", 5).load()
//   session->readStream().format("memory").option("name", "events").load()
//   session->readStream().table("events")
// Setters change this reader and return it, so calls chain. Do not keep a reference to
// the reader returned by a chain on a temporary; copy it (auto r = ...) instead.
// Option keys are case-insensitive (a key set twice keeps the last value).
class DataStreamReader {
 public:
  explicit DataStreamReader(std::shared_ptr<Session> session) : session_(std::move(session)) {}

  DataStreamReader& format(const std::string& source);
  DataStreamReader& option(const std::string& key, const std::string& value);
  DataStreamReader& option(const std::string& key, const char* value) { return option(key, std::string(value)); }
  template <typename T>
    requires std::is_arithmetic_v<T>
  DataStreamReader& option(const std::string& key, T value) {
    return option(key, api::OptionText(value));
  }
  DataStreamReader& options(const std::map<std::string, std::string>& options);
  // The source's schema, as Spark DDL ("user STRING, ts TIMESTAMP") or a Schema. Sources
  // with a fixed schema (rate) reject one; file sources will require one.
  DataStreamReader& schema(const std::string& ddl);
  DataStreamReader& schema(const types::Schema& schema);

  // Declares the source in the session (under an internal name) and returns a
  // DataFrame reading it. Throws AnalysisException for an unknown format (listing the
  // known ones) and IllegalArgumentException for an unknown or invalid option (naming
  // it and listing the valid ones).
  DataFrame load() const;
  // load() with option "path" set.
  DataFrame load(const std::string& path) const;
  Result<DataFrame> tryLoad() const;
  // The declared source (or view) of that name.
  DataFrame table(const std::string& name) const;

 private:
  std::shared_ptr<Session> session_;
  std::string format_;
  std::map<std::string, std::pair<std::string, std::string>> options_;  // lower-case key -> (key, value)
  types::SchemaPtr schema_;
};

}  // namespace sluice
