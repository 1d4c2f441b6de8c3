#include "sluice/connectors/memory/memory_sink.h"

#include <memory>

#include "sluice/connectors/memory/memory_table_registry.h"
#include "sluice/connectors/option_table.h"
#include "sluice/connectors/source.h"

namespace sluice::connectors {
namespace {

void AppendRows(const std::vector<types::BatchPtr>& partitions, std::vector<types::Row>* out) {
  for (const auto& batch : partitions) {
    for (int64_t i = 0; i < batch->num_rows(); ++i) out->push_back(batch->GetRow(i));
  }
}

// The Sink the registry hands out: the table itself is shared with MemoryTableRegistry,
// so SQL can read it while the query runs and after it stops.
class RegisteredMemorySink : public Sink {
 public:
  explicit RegisteredMemorySink(std::shared_ptr<MemorySink> table) : table_(std::move(table)) {}
  Status AddBatch(int64_t batch_id, const std::vector<types::BatchPtr>& partitions, OutputMode mode) override {
    return table_->AddBatch(batch_id, partitions, mode);
  }
  bool idempotent() const override { return table_->idempotent(); }
  std::string Description() const override { return table_->Description(); }

 private:
  std::shared_ptr<MemorySink> table_;
};

}  // namespace

MemorySink::MemorySink(types::SchemaPtr schema) : schema_(std::move(schema)) {}

Status MemorySink::AddBatch(int64_t batch_id, const std::vector<types::BatchPtr>& partitions, OutputMode mode) {
  AddedBatch added{batch_id, {}};
  for (const auto& batch : partitions) {
    if (batch != nullptr && batch->num_rows() > 0) added.partitions.push_back(batch);
  }
  std::lock_guard<std::mutex> lock(mutex_);
  // Spark's MemorySink.write: only a batch id beyond the latest one is new.
  if (latest_batch_id_ && batch_id <= *latest_batch_id_) return Status::OK();
  if (schema_ == nullptr) {
    for (const auto& batch : partitions) {
      if (batch != nullptr) {
        schema_ = batch->schema();
        break;
      }
    }
  }
  if (mode == OutputMode::kComplete) batches_.clear();
  batches_.push_back(std::move(added));
  latest_batch_id_ = batch_id;
  return Status::OK();
}

types::SchemaPtr MemorySink::schema() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return schema_;
}

std::vector<types::Row> MemorySink::AllRows() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<types::Row> out;
  for (const auto& added : batches_) AppendRows(added.partitions, &out);
  return out;
}

std::vector<types::BatchPtr> MemorySink::Snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<types::BatchPtr> out;
  for (const auto& added : batches_) out.insert(out.end(), added.partitions.begin(), added.partitions.end());
  return out;
}

std::vector<types::Row> MemorySink::RowsOfBatch(int64_t batch_id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<types::Row> out;
  for (const auto& added : batches_) {
    if (added.batch_id == batch_id) AppendRows(added.partitions, &out);
  }
  return out;
}

std::vector<types::Row> MemorySink::RowsSinceBatch(int64_t since_batch_id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<types::Row> out;
  for (const auto& added : batches_) {
    if (added.batch_id > since_batch_id) AppendRows(added.partitions, &out);
  }
  return out;
}

std::optional<int64_t> MemorySink::LatestBatchId() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return latest_batch_id_;
}

int64_t MemorySink::num_rows() const {
  std::lock_guard<std::mutex> lock(mutex_);
  int64_t total = 0;
  for (const auto& added : batches_) {
    for (const auto& batch : added.partitions) total += batch->num_rows();
  }
  return total;
}

void MemorySink::Clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  batches_.clear();
  latest_batch_id_.reset();
}

Result<std::unique_ptr<Sink>> CreateMemorySink(const ConnectorOptions& options, const ConnectorContext& ctx) {
  std::string name = options.GetString("queryName").value_or(ctx.name);
  if (name.empty()) return Status::InvalidArgument("queryName must be specified for memory sink");
  auto table = std::make_shared<MemorySink>(ctx.user_schema);
  MemoryTableRegistry::Global().Register(name, table);
  return std::unique_ptr<Sink>(new RegisteredMemorySink(std::move(table)));
}

}  // namespace sluice::connectors
