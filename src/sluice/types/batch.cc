#include "sluice/types/batch.h"

#include <sstream>

namespace sluice::types {

BatchPtr Batch::Empty(SchemaPtr schema) {
  std::vector<ColumnPtr> cols;
  for (const auto& f : schema->fields()) cols.push_back(std::make_shared<Column>(f.type));
  return std::make_shared<Batch>(std::move(schema), std::move(cols), 0);
}

BatchPtr Batch::FromRows(SchemaPtr schema, const std::vector<Row>& rows) {
  std::vector<ColumnPtr> cols;
  for (const auto& f : schema->fields()) {
    auto c = std::make_shared<Column>(f.type);
    c->Reserve(static_cast<int64_t>(rows.size()));
    cols.push_back(c);
  }
  for (const auto& row : rows) {
    for (size_t i = 0; i < cols.size(); ++i) cols[i]->AppendValue(i < row.size() ? row[i] : Value());
  }
  return std::make_shared<Batch>(std::move(schema), std::move(cols), static_cast<int64_t>(rows.size()));
}

Result<BatchPtr> Batch::FromPretty(std::string_view text) {
  std::istringstream in{std::string(text)};
  std::string line;
  std::vector<StructField> fields;
  if (!std::getline(in, line)) return Status::InvalidArgument("FromPretty: missing type line");
  {
    std::istringstream types(line);
    std::string t;
    while (types >> t) {
      SLUICE_ASSIGN_OR_RETURN(TypePtr type, ParseDataType(t));
      fields.push_back({"c" + std::to_string(fields.size()), type, true});
    }
  }
  auto schema = std::make_shared<Schema>(fields);
  std::vector<ColumnPtr> cols;
  for (const auto& f : fields) cols.push_back(std::make_shared<Column>(f.type));
  int64_t rows = 0;
  while (std::getline(in, line)) {
    std::istringstream cells(line);
    std::string cell;
    size_t i = 0;
    while (cells >> cell && i < cols.size()) {
      auto& col = cols[i++];
      if (cell == ".") {
        col->AppendNull();
        continue;
      }
      switch (col->type_id()) {
        case TypeId::kBoolean: col->AppendBool(cell == "true" || cell == "t" || cell == "1"); break;
        case TypeId::kInt:
        case TypeId::kDate: col->AppendInt32(std::stoi(cell)); break;
        case TypeId::kBigint:
        case TypeId::kTimestamp: col->AppendInt64(std::stoll(cell)); break;
        case TypeId::kDouble: col->AppendDouble(std::stod(cell)); break;
        case TypeId::kString:
        case TypeId::kBinary: col->AppendString(cell); break;
        default: return Status::InvalidArgument("FromPretty: nested types are not supported");
      }
    }
    if (i == 0) continue;
    if (i != cols.size()) return Status::InvalidArgument("FromPretty: row has " + std::to_string(i) + " cells");
    ++rows;
  }
  return std::make_shared<Batch>(schema, std::move(cols), rows);
}

BatchPtr Batch::Concat(SchemaPtr schema, const std::vector<BatchPtr>& batches) {
  if (batches.size() == 1) return batches[0];
  std::vector<ColumnPtr> cols;
  int64_t total = 0;
  for (const auto& b : batches) total += b->num_rows();
  for (size_t c = 0; c < schema->num_fields(); ++c) {
    auto col = std::make_shared<Column>(schema->field(c).type);
    col->Reserve(total);
    for (const auto& b : batches) col->AppendRange(*b->column(c), 0, b->num_rows());
    cols.push_back(col);
  }
  return std::make_shared<Batch>(std::move(schema), std::move(cols), total);
}

Row Batch::GetRow(int64_t row) const {
  Row out;
  out.reserve(columns_.size());
  for (const auto& c : columns_) out.push_back(c->GetValue(row));
  return out;
}

std::vector<Row> Batch::ToRows() const {
  std::vector<Row> out;
  out.reserve(num_rows_);
  for (int64_t i = 0; i < num_rows_; ++i) out.push_back(GetRow(i));
  return out;
}

BatchPtr Batch::Slice(int64_t offset, int64_t length) const {
  std::vector<ColumnPtr> cols;
  for (const auto& c : columns_) cols.push_back(c->Slice(offset, length));
  return std::make_shared<Batch>(schema_, std::move(cols), length);
}

BatchPtr Batch::Gather(const std::vector<int32_t>& indices) const {
  std::vector<ColumnPtr> cols;
  for (const auto& c : columns_) cols.push_back(c->Gather(indices.data(), static_cast<int64_t>(indices.size())));
  return std::make_shared<Batch>(schema_, std::move(cols), static_cast<int64_t>(indices.size()));
}

int64_t Batch::ByteSize() const {
  int64_t bytes = 0;
  for (const auto& c : columns_) bytes += c->ByteSize();
  return bytes;
}

}  // namespace sluice::types
