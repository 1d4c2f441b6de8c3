// AggregateCall::ToString (declared in expr/aggregate.h): Spark's column name of an
// aggregate call, built from the arguments' pretty names (aggregate_binding.h).

#include "sluice/expr/aggregate.h"
#include "sluice/expr/aggregates/aggregate_binding.h"

namespace sluice::expr {

std::string AggregateCall::ToString() const {
  // count(*) is count(1) in Spark's column names.
  if (args.empty()) return name + "(1)";
  std::string out = name + "(";
  if (distinct) out += "DISTINCT ";
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) out += ", ";
    out += aggregates::ArgDisplayName(*args[i]);
  }
  return out + ")";
}

}  // namespace sluice::expr
