#pragma once

// Binders of the JSON functions (json.cc).

#include "sluice/expr/functions/binder.h"

namespace sluice::expr {

// from_json(str, 'a INT, b STRING'): PERMISSIVE, malformed JSON gives a struct of NULLs.
SLUICE_DECLARE_BINDER(BindFromJson);
// get_json_object(json, '$.a.b[0]'): STRING; NULL when missing or invalid.
SLUICE_DECLARE_BINDER(BindGetJsonObject);
SLUICE_DECLARE_BINDER(BindJsonArrayLength);
// to_json(struct | array): Spark's compact JSON, NULL fields omitted.
SLUICE_DECLARE_BINDER(BindToJson);

}  // namespace sluice::expr
