#pragma once

#include <memory>
#include <vector>

#include "sluice/expr/aggregate.h"

namespace sluice::expr::aggregates {

// Wraps `inner` in an exact DISTINCT filter: per group it keeps the set of argument
// tuples seen so far (encoded with types::EncodeValue) and forwards only rows whose
// tuple is new, so count(DISTINCT x, y) counts distinct tuples. Rows with a NULL in
// any argument are dropped (Spark ignores them in every distinct aggregate). The
// state (seen set + inner state) serializes, so results are exact across restarts,
// which Spark does not offer on streams. `arg_types` are the bound argument types.
std::unique_ptr<AggregateFunction> MakeDistinctAggregate(std::unique_ptr<AggregateFunction> inner,
                                                         std::vector<types::TypePtr> arg_types);

}  // namespace sluice::expr::aggregates
