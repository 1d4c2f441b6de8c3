#pragma once

#include <map>
#include <memory>
#include <string>
#include <type_traits>

#include "sluice/api/data_frame.h"
#include "sluice/api/option_text.h"

namespace sluice {

class Session;

// Builds a static DataFrame (Spark's DataFrameReader), from session->read():
//   session->read().table("results")                 a table, view or memory sink table
//   session->read().format("memory").load("events")  a snapshot of a memory stream or
//                                                    memory sink table
//   session->read().format("json").schema("user STRING, ts TIMESTAMP").load("/data")
//                                                    files (json, csv, text); a file
//                                                    sink's folder shows committed files only
// Setters chain as DataStreamReader's do.
class DataFrameReader {
 public:
  explicit DataFrameReader(std::shared_ptr<Session> session) : session_(std::move(session)) {}

  DataFrameReader& format(const std::string& source);
  DataFrameReader& option(const std::string& key, const std::string& value);
  DataFrameReader& option(const std::string& key, const char* value) { return option(key, std::string(value)); }
  template <typename T>
    requires std::is_arithmetic_v<T>
  DataFrameReader& option(const std::string& key, T value) {
    return option(key, api::OptionText(value));
  }
  DataFrameReader& options(const std::map<std::string, std::string>& options);
  // The schema as Spark DDL ("user STRING, ts TIMESTAMP"); file formats infer one
  // (json) or read all columns as STRING (csv) without it. Throws ParseException.
  DataFrameReader& schema(const std::string& ddl);

  // format("memory"): the rows the memory sink table or memory stream named by option
  // "name" (or `path`) holds now, as a static DataFrame. Throws AnalysisException for
  // other formats and unknown names.
  DataFrame load() const;
  DataFrame load(const std::string& path) const;
  // A static table, view or memory sink table; AnalysisException for a stream
  // (use readStream().table()).
  DataFrame table(const std::string& name) const;

 private:
  std::shared_ptr<Session> session_;
  std::string format_;
  types::SchemaPtr schema_;
  std::map<std::string, std::pair<std::string, std::string>> options_;  // lower-case key -> (key, value)
};

}  // namespace sluice
