#pragma once

// Binders of the math functions (math.cc).

#include "sluice/expr/functions/binder.h"

namespace sluice::expr {

SLUICE_DECLARE_BINDER(BindAbs);
SLUICE_DECLARE_BINDER(BindAcos);
SLUICE_DECLARE_BINDER(BindAsin);
SLUICE_DECLARE_BINDER(BindAtan);
SLUICE_DECLARE_BINDER(BindAtan2);
SLUICE_DECLARE_BINDER(BindBround);  // HALF_EVEN
SLUICE_DECLARE_BINDER(BindCbrt);
SLUICE_DECLARE_BINDER(BindCeil);    // BIGINT
SLUICE_DECLARE_BINDER(BindCos);
SLUICE_DECLARE_BINDER(BindCosh);
SLUICE_DECLARE_BINDER(BindDegrees);
SLUICE_DECLARE_BINDER(BindE);
SLUICE_DECLARE_BINDER(BindExp);
SLUICE_DECLARE_BINDER(BindExpm1);
SLUICE_DECLARE_BINDER(BindFloor);   // BIGINT
SLUICE_DECLARE_BINDER(BindGreatest);  // skips NULLs; NULL only when all are NULL
SLUICE_DECLARE_BINDER(BindIsNan);     // never NULL
SLUICE_DECLARE_BINDER(BindLeast);
SLUICE_DECLARE_BINDER(BindLn);      // NULL for x <= 0
SLUICE_DECLARE_BINDER(BindLog);     // log(x) = ln(x); log(base, x)
SLUICE_DECLARE_BINDER(BindLog10);
SLUICE_DECLARE_BINDER(BindLog1p);
SLUICE_DECLARE_BINDER(BindLog2);
SLUICE_DECLARE_BINDER(BindMod);
SLUICE_DECLARE_BINDER(BindNegative);
SLUICE_DECLARE_BINDER(BindPi);
SLUICE_DECLARE_BINDER(BindPmod);
SLUICE_DECLARE_BINDER(BindPositive);
SLUICE_DECLARE_BINDER(BindPow);
SLUICE_DECLARE_BINDER(BindRadians);
SLUICE_DECLARE_BINDER(BindRand);    // not deterministic: seeded with seed + partition index
SLUICE_DECLARE_BINDER(BindRandn);
SLUICE_DECLARE_BINDER(BindRound);   // HALF_UP
SLUICE_DECLARE_BINDER(BindSign);
SLUICE_DECLARE_BINDER(BindSin);
SLUICE_DECLARE_BINDER(BindSinh);
SLUICE_DECLARE_BINDER(BindSqrt);
SLUICE_DECLARE_BINDER(BindTan);
SLUICE_DECLARE_BINDER(BindTanh);
SLUICE_DECLARE_BINDER(BindTryAdd);
SLUICE_DECLARE_BINDER(BindTryDivide);
SLUICE_DECLARE_BINDER(BindTryMultiply);
SLUICE_DECLARE_BINDER(BindTrySubtract);

// Spark's round(x, scale) of a double: the shortest decimal form of x (Java's
// Double.toString, as BigDecimal(x) uses it) rounded HALF_UP or HALF_EVEN.
double RoundDouble(double x, int scale, bool half_even);

}  // namespace sluice::expr
