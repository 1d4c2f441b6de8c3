#include "sluice/exec/basic_operators.h"

#include <algorithm>
#include <fstream>
#include <numeric>

#include "sluice/types/hash.h"

namespace sluice::exec {

// ---------------------------------------------------------------- Scan
Result<PartitionedData> ScanOperator::Execute(BatchContext& ctx) {
  if (source_index_ < 0) {
    // Static table: its rows once per batch, as a single partition.
    return PartitionedData{relation_->rows};
  }
  if (source_index_ >= static_cast<int>(ctx.source_data.size())) return PartitionedData{};
  PartitionedData data = ctx.source_data[source_index_];
  // Sources return their own schema objects; present them under the plan's names.
  for (auto& p : data) {
    for (auto& b : p) {
      if (b->num_columns() != schema_->num_fields()) {
        return Status::ExecutionError("source '" + relation_->name + "' returned " + std::to_string(b->num_columns()) +
                                      " columns, expected " + std::to_string(schema_->num_fields()));
      }
      b = std::make_shared<types::Batch>(schema_, b->columns(), b->num_rows());
    }
  }
  return data;
}

// ---------------------------------------------------------------- Project
Result<types::BatchPtr> ProjectOperator::ProjectBatch(const std::vector<expr::ExprPtr>& exprs,
                                                      const types::SchemaPtr& schema, const types::Batch& input,
                                                      expr::EvalContext& eval) {
  std::vector<types::ColumnPtr> cols;
  cols.reserve(exprs.size());
  for (const auto& e : exprs) {
    int idx = expr::ColumnRefIndex(*e);
    if (idx >= 0) {
      cols.push_back(input.column(idx));  // pass-through: share the column
      continue;
    }
    SLUICE_ASSIGN_OR_RETURN(types::ColumnPtr c, e->Evaluate(input, eval));
    cols.push_back(std::move(c));
  }
  return std::make_shared<types::Batch>(schema, std::move(cols), input.num_rows());
}

Result<PartitionedData> ProjectOperator::Execute(BatchContext& ctx) {
  SLUICE_ASSIGN_OR_RETURN(PartitionedData input, children_[0]->Execute(ctx));
  return MapBatches(ctx, input, [this](const types::BatchPtr& b, expr::EvalContext& eval) {
    return ProjectBatch(exprs_, schema_, *b, eval);
  });
}

// ---------------------------------------------------------------- Filter
Result<types::BatchPtr> FilterOperator::FilterBatch(const expr::Expr& predicate, const types::BatchPtr& input,
                                                    expr::EvalContext& eval) {
  if (input->num_rows() == 0) return input;
  SLUICE_ASSIGN_OR_RETURN(types::ColumnPtr mask, predicate.Evaluate(*input, eval));
  const int64_t n = input->num_rows();
  const uint8_t* m = mask->data<uint8_t>();
  std::vector<uint8_t> keep;
  const uint8_t* sel = m;
  if (mask->may_have_nulls()) {
    keep.assign(m, m + n);
    for (int64_t i = 0; i < n; ++i) {
      if (mask->IsNull(i)) keep[i] = 0;
    }
    sel = keep.data();
  }
  int64_t selected = 0;
  for (int64_t i = 0; i < n; ++i) selected += sel[i] != 0;
  if (selected == n) return input;
  std::vector<types::ColumnPtr> cols;
  cols.reserve(input->num_columns());
  for (const auto& c : input->columns()) cols.push_back(c->Filter(sel, selected));
  return std::make_shared<types::Batch>(input->schema(), std::move(cols), selected);
}

Result<PartitionedData> FilterOperator::Execute(BatchContext& ctx) {
  SLUICE_ASSIGN_OR_RETURN(PartitionedData input, children_[0]->Execute(ctx));
  return MapBatches(ctx, input, [this](const types::BatchPtr& b, expr::EvalContext& eval) {
    return FilterBatch(*predicate_, b, eval);
  });
}

// ---------------------------------------------------------------- Generate
Result<types::BatchPtr> GenerateOperator::GenerateBatch(const expr::GeneratorExpr& generator,
                                                        const types::SchemaPtr& schema, const types::Batch& input,
                                                        expr::EvalContext& eval) {
  std::vector<int32_t> rows;
  types::ColumnPtr generated;
  SLUICE_RETURN_IF_ERROR(generator.Generate(input, eval, &rows, &generated));
  // One output row per input row, in order (a tumbling window, explode of one-element
  // arrays): share the input columns instead of copying them.
  bool identity = static_cast<int64_t>(rows.size()) == input.num_rows();
  for (size_t i = 0; identity && i < rows.size(); ++i) identity = rows[i] == static_cast<int32_t>(i);
  std::vector<types::ColumnPtr> cols;
  cols.reserve(input.num_columns() + 1);
  for (const auto& c : input.columns()) {
    cols.push_back(identity ? c : c->Gather(rows.data(), static_cast<int64_t>(rows.size())));
  }
  cols.push_back(std::move(generated));
  return std::make_shared<types::Batch>(schema, std::move(cols), static_cast<int64_t>(rows.size()));
}

Result<PartitionedData> GenerateOperator::Execute(BatchContext& ctx) {
  SLUICE_ASSIGN_OR_RETURN(PartitionedData input, children_[0]->Execute(ctx));
  const auto* gen = dynamic_cast<const expr::GeneratorExpr*>(generator_.get());
  if (!gen) return Status::Internal("Generate without a generator expression");
  return MapBatches(ctx, input, [this, gen](const types::BatchPtr& b, expr::EvalContext& eval) {
    return GenerateBatch(*gen, schema_, *b, eval);
  });
}

// ---------------------------------------------------------------- Union
Result<PartitionedData> UnionOperator::Execute(BatchContext& ctx) {
  PartitionedData out;
  for (auto& c : children_) {
    SLUICE_ASSIGN_OR_RETURN(PartitionedData data, c->Execute(ctx));
    for (auto& p : data) {
      for (auto& b : p) b = std::make_shared<types::Batch>(schema_, b->columns(), b->num_rows());
      out.push_back(std::move(p));
    }
  }
  return out;
}

// ---------------------------------------------------------------- Sort
namespace {

// Compares row i of a with row j of b (same type); NULLs are handled by the caller.
int CompareCells(const types::Column& a, int64_t i, const types::Column& b, int64_t j) {
  using types::TypeId;
  switch (a.type_id()) {
    case TypeId::kBoolean: return static_cast<int>(a.data<uint8_t>()[i]) - static_cast<int>(b.data<uint8_t>()[j]);
    case TypeId::kInt:
    case TypeId::kDate: {
      auto x = a.data<int32_t>()[i], y = b.data<int32_t>()[j];
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case TypeId::kBigint:
    case TypeId::kTimestamp: {
      auto x = a.data<int64_t>()[i], y = b.data<int64_t>()[j];
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case TypeId::kDouble: {
      // Spark orders NaN above every other value.
      double x = a.data<double>()[i], y = b.data<double>()[j];
      bool xn = x != x, yn = y != y;
      if (xn || yn) return xn == yn ? 0 : xn ? 1 : -1;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case TypeId::kString:
    case TypeId::kBinary: {
      int c = a.GetString(i).compare(b.GetString(j));
      return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    default: {
      types::Value x = a.GetValue(i), y = b.GetValue(j);
      return x < y ? -1 : y < x ? 1 : 0;
    }
  }
}

}  // namespace

Result<PartitionedData> SortOperator::Execute(BatchContext& ctx) {
  SLUICE_ASSIGN_OR_RETURN(PartitionedData input, children_[0]->Execute(ctx));
  types::BatchPtr all = types::Batch::Concat(schema_, Flatten(input));
  if (Flatten(input).empty()) all = types::Batch::Empty(schema_);
  std::vector<types::ColumnPtr> key_cols;
  expr::EvalContext eval = ctx.eval;
  for (const auto& k : keys_) {
    SLUICE_ASSIGN_OR_RETURN(types::ColumnPtr c, k.expr->Evaluate(*all, eval));
    key_cols.push_back(c);
  }
  SLUICE_RETURN_IF_ERROR(eval.error);
  std::vector<int32_t> order(all->num_rows());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int32_t x, int32_t y) {
    for (size_t k = 0; k < keys_.size(); ++k) {
      const auto& c = *key_cols[k];
      bool xn = c.IsNull(x), yn = c.IsNull(y);
      if (xn || yn) {
        if (xn == yn) continue;
        return keys_[k].nulls_first ? xn : yn;
      }
      int cmp = CompareCells(c, x, c, y);
      if (cmp != 0) return keys_[k].ascending ? cmp < 0 : cmp > 0;
    }
    return false;
  });
  return PartitionedData{{all->Gather(order)}};
}

// ---------------------------------------------------------------- Limit
Status LimitOperator::Open(const StateContext& state) {
  SLUICE_RETURN_IF_ERROR(Operator::Open(state));
  emitted_ = 0;
  return Status::OK();
}

Status LimitOperator::CommitState(int64_t version, ThreadPool* pool) {
  emitted_ += pending_;
  pending_ = 0;
  return Operator::CommitState(version, pool);
}

Result<PartitionedData> LimitOperator::Execute(BatchContext& ctx) {
  SLUICE_ASSIGN_OR_RETURN(PartitionedData input, children_[0]->Execute(ctx));
  // Across batches only in append mode; in complete mode each result is limited alone.
  bool global = ctx.streaming && ctx.output_mode == OutputMode::kAppend;
  int64_t remaining = limit_ - (global ? emitted_ : 0);
  Partition out;
  for (const auto& b : Flatten(input)) {
    if (remaining <= 0) break;
    if (b->num_rows() <= remaining) {
      out.push_back(b);
      remaining -= b->num_rows();
    } else {
      out.push_back(b->Slice(0, remaining));
      remaining = 0;
    }
  }
  pending_ = global ? CountRows({out}) : 0;
  return PartitionedData{out};
}

// ---------------------------------------------------------------- Watermark
Result<PartitionedData> WatermarkOperator::Execute(BatchContext& ctx) {
  SLUICE_ASSIGN_OR_RETURN(PartitionedData input, children_[0]->Execute(ctx));
  if (static_cast<int>(ctx.event_time_stats.size()) <= watermark_index_) {
    ctx.event_time_stats.resize(watermark_index_ + 1);
  }
  EventTimeStats& stats = ctx.event_time_stats[watermark_index_];
  for (const auto& p : input) {
    for (const auto& b : p) {
      const auto& col = *b->column(column_);
      const int64_t* ts = col.data<int64_t>();
      const int64_t n = b->num_rows();
      if (col.may_have_nulls()) {
        for (int64_t i = 0; i < n; ++i) {
          if (!col.IsNull(i)) stats.Add(ts[i]);
        }
        continue;
      }
      // No NULLs: one vectorizable pass. The sum is exact per batch (a double chain
      // would round at every row and cost a dependent add per row): the upper and lower
      // 32 bits are summed apart, which cannot overflow within a block.
      constexpr int64_t kBlock = int64_t{1} << 30;
      int64_t lo = INT64_MAX, hi = INT64_MIN;
      __int128 sum = 0;
      for (int64_t begin = 0; begin < n; begin += kBlock) {
        const int64_t end = std::min(n, begin + kBlock);
        int64_t upper = 0, lower = 0;
        for (int64_t i = begin; i < end; ++i) {
          lo = std::min(lo, ts[i]);
          hi = std::max(hi, ts[i]);
          upper += ts[i] >> 32;
          lower += ts[i] & 0xffffffff;
        }
        sum += static_cast<__int128>(upper) * (int64_t{1} << 32) + lower;
      }
      stats.min = std::min(stats.min, lo);
      stats.max = std::max(stats.max, hi);
      stats.sum += static_cast<double>(sum);
      stats.count += n;
    }
  }
  return input;
}

// ---------------------------------------------------------------- Exchange
std::vector<types::BatchPtr> ExchangeOperator::Split(const types::BatchPtr& batch,
                                                     const std::vector<types::ColumnPtr>& key_columns,
                                                     int num_partitions) {
  const int64_t n = batch->num_rows();
  std::vector<uint64_t> hashes(n, 0);
  for (size_t k = 0; k < key_columns.size(); ++k) types::HashColumn(*key_columns[k], hashes.data(), k > 0);
  std::vector<std::vector<int32_t>> rows(num_partitions);
  for (int64_t i = 0; i < n; ++i) rows[hashes[i] % num_partitions].push_back(static_cast<int32_t>(i));
  std::vector<types::BatchPtr> out(num_partitions);
  for (int p = 0; p < num_partitions; ++p) out[p] = batch->Gather(rows[p]);
  return out;
}

Result<PartitionedData> ExchangeOperator::Execute(BatchContext& ctx) {
  SLUICE_ASSIGN_OR_RETURN(PartitionedData input, children_[0]->Execute(ctx));
  Partition batches = Flatten(input);
  std::vector<std::vector<types::BatchPtr>> split(batches.size());
  std::vector<Status> errors(batches.size());
  auto run = [&](int i) {
    expr::EvalContext eval = ctx.eval;
    std::vector<types::ColumnPtr> keys;
    for (const auto& k : keys_) {
      auto c = k->Evaluate(*batches[i], eval);
      if (!c.ok()) {
        errors[i] = c.status();
        return;
      }
      keys.push_back(*c);
    }
    errors[i] = eval.error;
    split[i] = Split(batches[i], keys, num_partitions_);
  };
  if (ctx.pool) {
    ctx.pool->ParallelFor(static_cast<int>(batches.size()), run);
  } else {
    for (size_t i = 0; i < batches.size(); ++i) run(static_cast<int>(i));
  }
  for (const auto& e : errors) SLUICE_RETURN_IF_ERROR(e);
  PartitionedData out(num_partitions_);
  for (const auto& parts : split) {
    for (int p = 0; p < num_partitions_; ++p) {
      if (parts[p]->num_rows() > 0) out[p].push_back(parts[p]);
    }
  }
  return out;
}

}  // namespace sluice::exec
