#include "sluice/api/data_stream_writer.h"

#include <algorithm>
#include <cctype>

#include "sluice/api/exceptions.h"
#include "sluice/api/foreach_batch_sink.h"
#include "sluice/api/query_starter.h"
#include "sluice/api/session.h"
#include "sluice/common/strings.h"

namespace sluice {

DataStreamWriter& DataStreamWriter::format(const std::string& sink) {
  format_ = sink;
  return *this;
}

DataStreamWriter& DataStreamWriter::option(const std::string& key, const std::string& value) {
  options_[AsciiLower(key)] = {key, value};
  return *this;
}

DataStreamWriter& DataStreamWriter::options(const std::map<std::string, std::string>& options) {
  for (const auto& [k, v] : options) option(k, v);
  return *this;
}

DataStreamWriter& DataStreamWriter::outputMode(const std::string& mode) {
  auto parsed = ParseOutputMode(mode);
  if (!parsed.ok()) {
    // Spark's message for DataStreamWriter.outputMode("foo").
    api::ThrowIfError(Status::InvalidArgument("Unknown output mode " + mode +
                                              ". Accepted output modes are 'append', 'complete', 'update'"));
  }
  output_mode_ = *parsed;
  return *this;
}

DataStreamWriter& DataStreamWriter::outputMode(OutputMode mode) {
  output_mode_ = mode;
  return *this;
}

DataStreamWriter& DataStreamWriter::trigger(const Trigger& trigger) {
  trigger_ = trigger;
  return *this;
}

DataStreamWriter& DataStreamWriter::queryName(const std::string& name) {
  query_name_ = name;
  return *this;
}

DataStreamWriter& DataStreamWriter::foreachBatch(std::function<void(const DataFrame&, int64_t)> fn) {
  foreach_batch_ = std::move(fn);
  format_ = "foreachBatch";
  return *this;
}

DataStreamWriter& DataStreamWriter::foreach(std::shared_ptr<ForeachWriter> writer) {
  foreach_writer_ = std::move(writer);
  format_ = "foreach";
  return *this;
}

DataStreamWriter& DataStreamWriter::lateRowsSink(const std::string& format,
                                                const std::map<std::string, std::string>& options) {
  late_rows_format_ = format;
  late_rows_options_ = options;
  return *this;
}

Result<StreamingQuery> DataStreamWriter::tryStart() const {
  if (!df_.isStreaming()) {
    // Spark: "'writeStream' can be called only on streaming Dataset/DataFrame".
    return Status::AnalysisError("'writeStream' can be called only on streaming Dataset/DataFrame; use collect() or "
                                 "show() to run a static DataFrame");
  }
  api::StartRequest request;
  request.plan = df_.logical_plan();
  request.query_name = query_name_;
  request.format = format_;
  for (const auto& [lower, entry] : options_) request.options[entry.first] = entry.second;
  request.output_mode = output_mode_;
  request.trigger = trigger_.runtime_trigger();
  request.late_rows_format = late_rows_format_;
  request.late_rows_options = late_rows_options_;
  for (const auto& [key, value] : late_rows_options_) {
    if (EqualsIgnoreCase(key, "queryName")) request.late_rows_name = value;
  }
  if (foreach_batch_) {
    if (format_ != "foreachBatch") {
      return Status::InvalidArgument("foreachBatch() and format(\"" + format_ + "\") cannot be combined; use one");
    }
    std::weak_ptr<Session> session = df_.session();
    auto fn = foreach_batch_;
    request.make_sink = [session, fn](types::SchemaPtr schema) -> Result<std::shared_ptr<connectors::Sink>> {
      return std::shared_ptr<connectors::Sink>(std::make_shared<api::ForeachBatchSink>(session, schema, fn));
    };
  }
  if (foreach_writer_) {
    if (format_ != "foreach") {
      return Status::InvalidArgument("foreach() and format(\"" + format_ + "\") cannot be combined; use one");
    }
    auto writer = foreach_writer_;
    request.make_sink = [writer](types::SchemaPtr) -> Result<std::shared_ptr<connectors::Sink>> {
      return std::shared_ptr<connectors::Sink>(std::make_shared<api::ForeachWriterSink>(writer));
    };
  }
  SLUICE_ASSIGN_OR_RETURN(auto query, api::StartStreamingQuery(df_.session(), std::move(request)));
  return StreamingQuery(std::move(query));
}

StreamingQuery DataStreamWriter::start() const { return api::ValueOrThrow(tryStart()); }

StreamingQuery DataStreamWriter::start(const std::string& path) const {
  DataStreamWriter copy = *this;
  copy.option("path", path);
  return copy.start();
}

}  // namespace sluice
