#include "sluice/connectors/memory/memory_stream.h"

#include <limits>

#include "sluice/connectors/option_table.h"

namespace sluice::connectors {
namespace {

// Why `value` does not fit `type`, or "" when it does.
std::string Mismatch(const types::DataType& type, const types::Value& value) {
  using types::TypeId;
  if (value.is_null()) return "";
  switch (type.id()) {
    case TypeId::kNull: return "expected NULL";
    case TypeId::kBoolean: return value.is_bool() ? "" : "expected a boolean";
    case TypeId::kInt:
    case TypeId::kDate:
      if (!value.is_int()) return "expected an integer";
      if (value.int_value() < std::numeric_limits<int32_t>::min() ||
          value.int_value() > std::numeric_limits<int32_t>::max()) {
        return "integer out of range for " + type.ToString();
      }
      return "";
    case TypeId::kBigint:
    case TypeId::kTimestamp: return value.is_int() ? "" : "expected an integer";
    case TypeId::kDouble: return (value.is_int() || value.is_double()) ? "" : "expected a number";
    case TypeId::kString:
    case TypeId::kBinary: return value.is_string() ? "" : "expected a string";
    case TypeId::kStruct: {
      if (!value.is_list() || value.list_value().size() != type.fields().size()) {
        return "expected a struct of " + std::to_string(type.fields().size()) + " fields";
      }
      for (size_t i = 0; i < type.fields().size(); ++i) {
        std::string inner = Mismatch(*type.fields()[i].type, value.list_value()[i]);
        if (!inner.empty()) return "field '" + type.fields()[i].name + "': " + inner;
      }
      return "";
    }
    case TypeId::kArray: {
      if (!value.is_list()) return "expected an array";
      for (const auto& element : value.list_value()) {
        std::string inner = Mismatch(*type.element(), element);
        if (!inner.empty()) return "array element: " + inner;
      }
      return "";
    }
  }
  return "unsupported type";
}

bool SameTypes(const types::Schema& a, const types::Schema& b) {
  if (a.num_fields() != b.num_fields()) return false;
  for (size_t i = 0; i < a.num_fields(); ++i) {
    if (!a.field(i).type->Equals(*b.field(i).type)) return false;
  }
  return true;
}

}  // namespace

Status ValidateRows(const types::Schema& schema, const std::vector<types::Row>& rows) {
  for (size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].size() != schema.num_fields()) {
      return Status::InvalidArgument("row " + std::to_string(r) + " has " + std::to_string(rows[r].size()) +
                                     " values but the schema (" + schema.ToString() + ") has " +
                                     std::to_string(schema.num_fields()) + " fields");
    }
    for (size_t f = 0; f < schema.num_fields(); ++f) {
      std::string why = Mismatch(*schema.field(f).type, rows[r][f]);
      if (!why.empty()) {
        return Status::InvalidArgument("row " + std::to_string(r) + ", field '" + schema.field(f).name + "' (" +
                                       schema.field(f).type->ToString() + "): " + why);
      }
    }
  }
  return Status::OK();
}

Result<std::optional<int64_t>> MemoryOffsetFromJson(const Offset& offset, const std::string& stream_name) {
  if (offset.is_null()) return std::optional<int64_t>();
  if (offset.is_number_integer()) return std::optional<int64_t>(offset.get<int64_t>());
  if (offset.is_string()) {
    if (auto v = option_parsing::ParseLong(offset.get<std::string>())) return std::optional<int64_t>(*v);
  }
  return Status::Corruption("memory stream '" + stream_name + "': offset " + offset.dump() +
                            " is not an integer offset");
}

MemoryStream::MemoryStream(types::SchemaPtr schema, std::string name)
    : schema_(std::move(schema)), name_(std::move(name)) {}

Result<int64_t> MemoryStream::AddData(const std::vector<types::Row>& rows) {
  Status valid = ValidateRows(*schema_, rows);
  if (!valid.ok()) return valid.WithContext("memory stream '" + name_ + "'");
  return AddBatch(types::Batch::FromRows(schema_, rows));
}

Result<int64_t> MemoryStream::AddBatch(types::BatchPtr batch) {
  if (batch == nullptr) return Status::InvalidArgument("memory stream '" + name_ + "': AddBatch got a null batch");
  if (!SameTypes(*batch->schema(), *schema_)) {
    return Status::InvalidArgument("memory stream '" + name_ + "': batch schema (" + batch->schema()->ToString() +
                                   ") does not match the stream's (" + schema_->ToString() + ")");
  }
  // Keep the stream's own field names on every stored batch.
  if (batch->schema() != schema_) {
    batch = std::make_shared<types::Batch>(schema_, batch->columns(), batch->num_rows());
  }
  int64_t offset;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    int64_t before = cumulative_rows_.empty() ? 0 : cumulative_rows_.back();
    cumulative_rows_.push_back(before + batch->num_rows());
    batches_.push_back(std::move(batch));
    offset = static_cast<int64_t>(batches_.size()) - 1;
  }
  NotifyListeners();
  return offset;
}

int64_t MemoryStream::AddListener(std::function<void()> listener) {
  std::lock_guard<std::mutex> lock(listeners_mutex_);
  listeners_.emplace_back(next_listener_id_, std::move(listener));
  return next_listener_id_++;
}

void MemoryStream::RemoveListener(int64_t id) {
  std::lock_guard<std::mutex> lock(listeners_mutex_);
  std::erase_if(listeners_, [id](const auto& entry) { return entry.first == id; });
}

void MemoryStream::NotifyListeners() {
  std::lock_guard<std::mutex> lock(listeners_mutex_);
  for (const auto& [id, listener] : listeners_) listener();
}

std::optional<int64_t> MemoryStream::latest_offset() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (batches_.empty()) return std::nullopt;
  return static_cast<int64_t>(batches_.size()) - 1;
}

std::optional<int64_t> MemoryStream::LatestOffsetFrom(std::optional<int64_t> start,
                                                      std::optional<int64_t> max_rows) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (batches_.empty()) return start;
  int64_t latest = static_cast<int64_t>(batches_.size()) - 1;
  int64_t first = start ? *start + 1 : 0;
  if (first > latest) return start;
  if (!max_rows) return latest;
  int64_t rows_before = first == 0 ? 0 : cumulative_rows_[first - 1];
  // Take whole offsets while they fit; always at least one.
  int64_t end = first;
  while (end + 1 <= latest && cumulative_rows_[end + 1] - rows_before <= *max_rows) ++end;
  return end;
}

Result<std::vector<types::BatchPtr>> MemoryStream::GetBatches(std::optional<int64_t> start, int64_t end) const {
  std::lock_guard<std::mutex> lock(mutex_);
  int64_t latest = static_cast<int64_t>(batches_.size()) - 1;
  int64_t first = start ? *start + 1 : 0;
  if (end > latest || first < 0 || end < -1) {
    std::string known = latest < 0 ? "none yet" : "0.." + std::to_string(latest);
    return Status::ExecutionError("memory stream '" + name_ + "': offset range (" +
                                  (start ? std::to_string(*start) : std::string("null")) + ", " + std::to_string(end) +
                                  "] is not available (known offsets: " + known + ")");
  }
  if (first > end + 1) {
    return Status::ExecutionError("memory stream '" + name_ + "': start offset " + std::to_string(*start) +
                                  " is after end offset " + std::to_string(end));
  }
  return std::vector<types::BatchPtr>(batches_.begin() + first, batches_.begin() + end + 1);
}

int64_t MemoryStream::num_rows() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return cumulative_rows_.empty() ? 0 : cumulative_rows_.back();
}

std::string MemoryStream::Description() const {
  std::string out = "MemoryStream[";
  for (size_t i = 0; i < schema_->num_fields(); ++i) {
    if (i) out += ",";
    out += schema_->field(i).name;
  }
  return out + "]";
}

}  // namespace sluice::connectors
