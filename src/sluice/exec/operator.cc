#include "sluice/exec/operator.h"

#include <mutex>

namespace sluice::exec {

Result<PartitionedData> MapBatches(BatchContext& ctx, const PartitionedData& input,
                                   const std::function<Result<types::BatchPtr>(const types::BatchPtr&, expr::EvalContext&)>& fn) {
  // Flatten (partition, batch) pairs so that the pool can balance uneven partitions.
  std::vector<std::pair<size_t, size_t>> tasks;
  PartitionedData output(input.size());
  for (size_t p = 0; p < input.size(); ++p) {
    output[p].resize(input[p].size());
    for (size_t b = 0; b < input[p].size(); ++b) tasks.push_back({p, b});
  }
  std::vector<Status> errors(tasks.size());
  auto run = [&](int t) {
    auto [p, b] = tasks[t];
    expr::EvalContext eval = ctx.eval;
    eval.partition_index = static_cast<int32_t>(p);
    auto r = fn(input[p][b], eval);
    if (!r.ok()) {
      errors[t] = r.status();
    } else if (!eval.error.ok()) {
      errors[t] = eval.error;
    } else {
      output[p][b] = *r;
    }
  };
  if (ctx.pool && tasks.size() > 1) {
    ctx.pool->ParallelFor(static_cast<int>(tasks.size()), run);
  } else {
    for (size_t t = 0; t < tasks.size(); ++t) run(static_cast<int>(t));
  }
  for (const auto& e : errors) SLUICE_RETURN_IF_ERROR(e);
  return output;
}

types::BatchPtr RowsNotKept(const types::BatchPtr& batch, const std::vector<int32_t>& kept) {
  std::vector<int32_t> dropped;
  size_t k = 0;
  for (int32_t r = 0; r < static_cast<int32_t>(batch->num_rows()); ++r) {
    if (k < kept.size() && kept[k] == r) {
      ++k;
    } else {
      dropped.push_back(r);
    }
  }
  return batch->Gather(dropped);
}

Partition Flatten(const PartitionedData& data) {
  Partition out;
  for (const auto& p : data) out.insert(out.end(), p.begin(), p.end());
  return out;
}

int64_t CountRows(const PartitionedData& data) {
  int64_t n = 0;
  for (const auto& p : data) {
    for (const auto& b : p) n += b->num_rows();
  }
  return n;
}

}  // namespace sluice::exec
