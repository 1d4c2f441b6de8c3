#pragma once

// Binders of the string functions (string.cc). Each: NULL in, NULL out unless noted.

#include "sluice/expr/functions/binder.h"

namespace sluice::expr {

SLUICE_DECLARE_BINDER(BindAscii);
SLUICE_DECLARE_BINDER(BindBitLength);
SLUICE_DECLARE_BINDER(BindChr);
SLUICE_DECLARE_BINDER(BindConcat);    // NULL if any argument is NULL; arrays concatenate too
SLUICE_DECLARE_BINDER(BindConcatWs);  // skips NULL arguments; NULL only when the separator is
SLUICE_DECLARE_BINDER(BindContains);
SLUICE_DECLARE_BINDER(BindEndsWith);
SLUICE_DECLARE_BINDER(BindInitcap);
SLUICE_DECLARE_BINDER(BindInstr);
SLUICE_DECLARE_BINDER(BindLeft);
SLUICE_DECLARE_BINDER(BindLength);
SLUICE_DECLARE_BINDER(BindLikeFunction);   // like(str, pattern)
SLUICE_DECLARE_BINDER(BindIlikeFunction);  // ilike(str, pattern)
SLUICE_DECLARE_BINDER(BindRlikeFunction);  // rlike / regexp / regexp_like(str, regex)
SLUICE_DECLARE_BINDER(BindLocate);
SLUICE_DECLARE_BINDER(BindLower);
SLUICE_DECLARE_BINDER(BindLpad);
SLUICE_DECLARE_BINDER(BindLtrim);
SLUICE_DECLARE_BINDER(BindOctetLength);
SLUICE_DECLARE_BINDER(BindRegexpExtract);
SLUICE_DECLARE_BINDER(BindRegexpExtractAll);
SLUICE_DECLARE_BINDER(BindRegexpReplace);
SLUICE_DECLARE_BINDER(BindRepeat);
SLUICE_DECLARE_BINDER(BindReplace);
SLUICE_DECLARE_BINDER(BindReverse);  // strings and arrays
SLUICE_DECLARE_BINDER(BindRight);
SLUICE_DECLARE_BINDER(BindRpad);
SLUICE_DECLARE_BINDER(BindRtrim);
SLUICE_DECLARE_BINDER(BindSpace);
SLUICE_DECLARE_BINDER(BindSplit);
SLUICE_DECLARE_BINDER(BindStartsWith);
SLUICE_DECLARE_BINDER(BindSubstring);
SLUICE_DECLARE_BINDER(BindTranslate);
SLUICE_DECLARE_BINDER(BindTrim);
SLUICE_DECLARE_BINDER(BindUpper);

}  // namespace sluice::expr
