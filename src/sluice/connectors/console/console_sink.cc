#include "sluice/connectors/console/console_sink.h"

#include <iostream>

#include "sluice/common/config.h"
#include "sluice/connectors/console/show_string.h"
#include "sluice/connectors/option_table.h"
#include "sluice/connectors/source.h"

namespace sluice::connectors {

ConsoleSink::ConsoleSink(int num_rows, bool truncate, TimeZone tz, std::ostream* out, types::SchemaPtr schema)
    : num_rows_(num_rows),
      truncate_(truncate),
      tz_(std::move(tz)),
      out_(out != nullptr ? out : &std::cout),
      schema_(std::move(schema)) {}

std::string ConsoleSink::Render(int64_t batch_id, const std::vector<types::BatchPtr>& partitions) {
  std::vector<types::BatchPtr> batches;
  for (const auto& batch : partitions) {
    if (batch == nullptr) continue;
    schema_ = batch->schema();
    if (batch->num_rows() > 0) batches.push_back(batch);
  }
  static const types::Schema kNoColumns;
  const types::Schema& schema = schema_ != nullptr ? *schema_ : kNoColumns;
  std::string text = "-------------------------------------------\nBatch: " + std::to_string(batch_id) +
                     "\n-------------------------------------------\n";
  // Spark's Dataset.show(numRows, truncate) passes truncate = 20 when true.
  text += ShowString(schema, batches, num_rows_, truncate_ ? 20 : 0, tz_);
  text += "\n";
  return text;
}

Status ConsoleSink::AddBatch(int64_t batch_id, const std::vector<types::BatchPtr>& partitions, OutputMode mode) {
  std::string text = Render(batch_id, partitions);
  out_->write(text.data(), static_cast<std::streamsize>(text.size()));
  out_->flush();
  if (!*out_) return Status::IOError("console sink: cannot write batch " + std::to_string(batch_id));
  return Status::OK();
}

void ConsoleSink::Stop() { out_->flush(); }

Result<std::unique_ptr<Sink>> CreateConsoleSink(const ConnectorOptions& options, const ConnectorContext& ctx) {
  std::string zone = ctx.conf != nullptr ? ctx.conf->GetString(conf::kSessionTimeZone, "UTC") : "UTC";
  Result<TimeZone> tz = TimeZone::Parse(zone);
  if (!tz.ok()) return tz.status().WithContext("console sink: session time zone '" + zone + "'");
  int num_rows = static_cast<int>(options.GetLong("numRows").value_or(20));
  bool truncate = options.GetBool("truncate").value_or(true);
  return std::unique_ptr<Sink>(new ConsoleSink(num_rows, truncate, *tz, nullptr, ctx.user_schema));
}

}  // namespace sluice::connectors
