#pragma once

// Binders of the conditional functions (conditional.cc). The branches of if / coalesce /
// nvl are evaluated only for the rows that take them (see selective_eval.h).

#include "sluice/expr/functions/binder.h"

namespace sluice::expr {

SLUICE_DECLARE_BINDER(BindCoalesce);
SLUICE_DECLARE_BINDER(BindIf);
SLUICE_DECLARE_BINDER(BindIsNotNullFunction);  // isnotnull(x): never NULL
SLUICE_DECLARE_BINDER(BindIsNullFunction);     // isnull(x): never NULL
SLUICE_DECLARE_BINDER(BindNanvl);
SLUICE_DECLARE_BINDER(BindNullIf);
SLUICE_DECLARE_BINDER(BindNvl);   // nvl / ifnull
SLUICE_DECLARE_BINDER(BindNvl2);

}  // namespace sluice::expr
