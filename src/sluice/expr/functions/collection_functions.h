#pragma once

// Binders of the array and struct functions and generators (collection.cc).

#include "sluice/expr/functions/binder.h"

namespace sluice::expr {

SLUICE_DECLARE_BINDER(BindArray);          // element type: the wider type of the arguments
SLUICE_DECLARE_BINDER(BindArrayContains);  // NULL when not found and the array has a NULL
SLUICE_DECLARE_BINDER(BindArrayDistinct);
SLUICE_DECLARE_BINDER(BindSequence);
SLUICE_DECLARE_BINDER(BindArrayJoin);
SLUICE_DECLARE_BINDER(BindArrayMax);
SLUICE_DECLARE_BINDER(BindArrayMin);
SLUICE_DECLARE_BINDER(BindArrayPosition);
SLUICE_DECLARE_BINDER(BindElementAt);     // 1-based; errors in ANSI mode when out of range
SLUICE_DECLARE_BINDER(BindExplode);       // generator, output column "col"
SLUICE_DECLARE_BINDER(BindExplodeOuter);  // generator, NULL row for NULL / empty arrays
SLUICE_DECLARE_BINDER(BindGet);           // get(array, i): 0-based, NULL when out of range
SLUICE_DECLARE_BINDER(BindNamedStruct);
SLUICE_DECLARE_BINDER(BindSize);          // size / cardinality: NULL for a NULL array
SLUICE_DECLARE_BINDER(BindSlice);
SLUICE_DECLARE_BINDER(BindSortArray);
SLUICE_DECLARE_BINDER(BindStruct);
SLUICE_DECLARE_BINDER(BindTryElementAt);

// The explode generator (generator.cc).
ExprPtr MakeExplode(ExprPtr array, bool outer, std::string name);

}  // namespace sluice::expr
