#include "sluice/exec/join.h"

#include "sluice/exec/basic_operators.h"

namespace sluice::exec {

StreamStaticJoinOperator::StreamStaticJoinOperator(const plan::PlanNode& node)
    : join_type_(node.join_type),
      left_keys_(node.left_keys),
      right_keys_(node.right_keys),
      residual_(node.residual),
      output_schema_(node.OutputSchema()),
      left_schema_(node.children[0]->OutputSchema()),
      right_schema_(node.children[1]->OutputSchema()) {
  // The stream side probes; a join of two static tables (batch query) probes with the left.
  stream_is_left_ = !(node.children[1]->streaming && !node.children[0]->streaming);
}

Status StreamStaticJoinOperator::BuildStaticSide(BatchContext& ctx) {
  auto& side = children_[stream_is_left_ ? 1 : 0];
  const auto& keys = stream_is_left_ ? right_keys_ : left_keys_;
  const auto& schema = stream_is_left_ ? right_schema_ : left_schema_;
  SLUICE_ASSIGN_OR_RETURN(PartitionedData data, side->Execute(ctx));
  Partition all = Flatten(data);
  static_rows_ = all.empty() ? types::Batch::Empty(schema) : types::Batch::Concat(schema, all);
  static_rows_ = std::make_shared<types::Batch>(schema, static_rows_->columns(), static_rows_->num_rows());
  std::vector<types::TypePtr> types;
  std::vector<types::ColumnPtr> cols;
  expr::EvalContext eval = ctx.eval;
  for (const auto& k : keys) {
    types.push_back(k->type());
    SLUICE_ASSIGN_OR_RETURN(types::ColumnPtr c, k->Evaluate(*static_rows_, eval));
    cols.push_back(c);
  }
  SLUICE_RETURN_IF_ERROR(eval.error);
  table_ = std::make_unique<GroupTable>(types);
  const int64_t n = static_rows_->num_rows();
  std::vector<int32_t> ids(n);
  std::vector<int32_t> fresh;
  if (!keys.empty()) table_->FindOrInsert(cols, n, ids.data(), &fresh);
  rows_by_group_.assign(keys.empty() ? 1 : table_->num_groups(), {});
  for (int64_t i = 0; i < n; ++i) {
    bool has_null = false;
    for (const auto& c : cols) has_null = has_null || c->IsNull(i);
    if (has_null) continue;  // NULL keys never match
    rows_by_group_[keys.empty() ? 0 : ids[i]].push_back(static_cast<int32_t>(i));
  }
  built_ = true;
  return Status::OK();
}

Result<types::BatchPtr> StreamStaticJoinOperator::Probe(const types::BatchPtr& batch, expr::EvalContext& eval) const {
  const auto& keys = stream_is_left_ ? left_keys_ : right_keys_;
  const int64_t n = batch->num_rows();
  std::vector<types::ColumnPtr> key_cols;
  for (const auto& k : keys) {
    SLUICE_ASSIGN_OR_RETURN(types::ColumnPtr c, k->Evaluate(*batch, eval));
    key_cols.push_back(c);
  }
  std::vector<int32_t> ids(n, 0);
  if (!keys.empty()) const_cast<GroupTable&>(*table_).Find(key_cols, n, ids.data());
  // Candidate pairs (stream row, static row).
  std::vector<int32_t> stream_rows, static_rows;
  for (int64_t i = 0; i < n; ++i) {
    if (ids[i] < 0) continue;
    for (int32_t s : rows_by_group_[ids[i]]) {
      stream_rows.push_back(static_cast<int32_t>(i));
      static_rows.push_back(s);
    }
  }
  auto combine = [&](const std::vector<int32_t>& srows, const std::vector<int32_t>& trows, bool null_static) {
    std::vector<types::ColumnPtr> stream_cols, static_cols;
    for (const auto& c : batch->columns()) stream_cols.push_back(c->Gather(srows.data(), static_cast<int64_t>(srows.size())));
    for (size_t c = 0; c < static_rows_->num_columns(); ++c) {
      const auto& col = static_rows_->column(c);
      static_cols.push_back(null_static ? types::Column::MakeNull(col->type(), static_cast<int64_t>(srows.size()))
                                        : col->Gather(trows.data(), static_cast<int64_t>(trows.size())));
    }
    std::vector<types::ColumnPtr> cols;
    auto& first = stream_is_left_ ? stream_cols : static_cols;
    auto& second = stream_is_left_ ? static_cols : stream_cols;
    cols.insert(cols.end(), first.begin(), first.end());
    cols.insert(cols.end(), second.begin(), second.end());
    std::vector<types::StructField> fields = left_schema_->fields();
    for (const auto& f : right_schema_->fields()) fields.push_back(f);
    return std::make_shared<types::Batch>(std::make_shared<types::Schema>(fields), std::move(cols),
                                          static_cast<int64_t>(srows.size()));
  };
  types::BatchPtr pairs = combine(stream_rows, static_rows, false);
  std::vector<uint8_t> matched(n, 0);
  if (residual_ && pairs->num_rows() > 0) {
    SLUICE_ASSIGN_OR_RETURN(types::ColumnPtr mask, residual_->Evaluate(*pairs, eval));
    std::vector<int32_t> keep;
    for (int64_t i = 0; i < pairs->num_rows(); ++i) {
      if (!mask->IsNull(i) && mask->data<uint8_t>()[i]) keep.push_back(static_cast<int32_t>(i));
    }
    if (static_cast<int64_t>(keep.size()) != pairs->num_rows()) {
      pairs = pairs->Gather(keep);
      std::vector<int32_t> s2, t2;
      for (int32_t k : keep) {
        s2.push_back(stream_rows[k]);
        t2.push_back(static_rows[k]);
      }
      stream_rows = std::move(s2);
      static_rows = std::move(t2);
    }
  }
  for (int32_t r : stream_rows) matched[r] = 1;
  switch (join_type_) {
    case sql::JoinType::kLeftSemi:
    case sql::JoinType::kLeftAnti: {
      bool want = join_type_ == sql::JoinType::kLeftSemi;
      std::vector<int32_t> rows;
      for (int64_t i = 0; i < n; ++i) {
        if ((matched[i] != 0) == want) rows.push_back(static_cast<int32_t>(i));
      }
      auto out = batch->Gather(rows);
      return std::make_shared<types::Batch>(output_schema_, out->columns(), out->num_rows());
    }
    case sql::JoinType::kLeftOuter:
    case sql::JoinType::kRightOuter: {
      // Stream rows without a match, padded with NULLs for the static side.
      std::vector<int32_t> unmatched;
      for (int64_t i = 0; i < n; ++i) {
        if (!matched[i]) unmatched.push_back(static_cast<int32_t>(i));
      }
      types::BatchPtr padded = combine(unmatched, {}, true);
      auto all = types::Batch::Concat(pairs->schema(), {pairs, padded});
      return std::make_shared<types::Batch>(output_schema_, all->columns(), all->num_rows());
    }
    default: return std::make_shared<types::Batch>(output_schema_, pairs->columns(), pairs->num_rows());
  }
}

Result<PartitionedData> StreamStaticJoinOperator::Execute(BatchContext& ctx) {
  if (!built_) SLUICE_RETURN_IF_ERROR(BuildStaticSide(ctx));
  auto& stream_side = children_[stream_is_left_ ? 0 : 1];
  SLUICE_ASSIGN_OR_RETURN(PartitionedData input, stream_side->Execute(ctx));
  return MapBatches(ctx, input, [this](const types::BatchPtr& b, expr::EvalContext& eval) { return Probe(b, eval); });
}

}  // namespace sluice::exec
