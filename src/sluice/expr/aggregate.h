#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/expr/expr.h"

namespace sluice::expr {

// The per-group states of one aggregate call (e.g. sum(value)) in one partition of a
// hash aggregation. Groups are dense ids 0..num_groups-1 assigned by the operator.
// Update is called once per input batch with a group id per row, so the per-row work
// is a tight loop with no virtual call (STYLE.md: no per-row virtual dispatch).
// Not thread-safe; each partition owns its own instances.
class AggregateFunction {
 public:
  virtual ~AggregateFunction() = default;

  // Makes room for groups [0, num_groups); new groups start empty (count 0, sum NULL...).
  virtual void Resize(int64_t num_groups) = 0;

  // For each row i in [0, n): group group_ids[i] absorbs row i of `args` (the bound
  // argument columns, already cast to the function's input types). NULL inputs are
  // skipped as Spark does (count(*) has no args and counts every row).
  virtual void Update(const int32_t* group_ids, const std::vector<types::ColumnPtr>& args, int64_t n) = 0;

  // Merges the state of group `src_group` of `other` (same function, same types) into
  // group `dst_group` of this one (used to combine partial aggregates).
  virtual void Merge(int32_t dst_group, const AggregateFunction& other, int32_t src_group) = 0;

  // Appends the result of each group in groups[0..n) to `out` (a column of the
  // call's result type).
  virtual void Finalize(const int32_t* groups, int64_t n, types::Column* out) const = 0;

  // One group's state as bytes (stored in the state store) and back. Deserialize
  // reads from the front of `in` and advances it; Corruption on bad bytes.
  virtual void SerializeState(int32_t group, std::string* out) const = 0;
  virtual Status DeserializeState(int32_t group, std::string_view* in) = 0;

  // Overwrites group `dst_group` with an exact copy of group `src_group` of `other`
  // (same function), as compaction moves states. The default goes through the
  // serialized state; functions with plain per-group arrays copy directly.
  virtual void CopyState(int32_t dst_group, const AggregateFunction& other, int32_t src_group) {
    std::string bytes;
    other.SerializeState(src_group, &bytes);
    std::string_view in = bytes;
    (void)DeserializeState(dst_group, &in);  // bytes just written by the same function
  }

  // Resets group `group` to empty (its slot is reused after eviction).
  virtual void Clear(int32_t group) = 0;

  // Bytes held by all states, for progress `memoryUsedBytes`.
  virtual int64_t MemoryBytes() const = 0;
};

// A bound aggregate call: what the analyzer resolved `sum(DISTINCT x)` to.
struct AggregateCall {
  std::string name;                 // lower-case function name, e.g. "sum"
  bool distinct = false;
  std::vector<ExprPtr> args;        // bound arguments (with implicit casts applied)
  types::TypePtr result_type;
  // Creates fresh, empty per-partition state.
  std::function<std::unique_ptr<AggregateFunction>()> create;
  // Spark's column name / EXPLAIN text, e.g. "count(1)", "sum(value)", "count(DISTINCT user)".
  std::string ToString() const;
  // Parameters ToString() leaves out, as Spark's names do (approx_count_distinct's
  // relativeSD): calls with the same name merge only when these match too.
  std::string hidden_params;
};

}  // namespace sluice::expr
