#pragma once

// Java-style regular expressions (Spark's rlike, regexp_extract, split...) run with RE2.
// RE2 has no backreferences or lookaround; such patterns fail with a clear error.

#include <memory>
#include <string>
#include <string_view>

#include <re2/re2.h>

#include "sluice/common/status.h"

namespace sluice::expr {

// Compiles `pattern`. On error: Spark's
//   [INVALID_PARAMETER_VALUE.PATTERN] The value of parameter(s) `regexp` in `rlike` is invalid: ...
// as an AnalysisError (`analysis` true, literal patterns) or ExecutionError (per row).
Result<std::shared_ptr<const re2::RE2>> CompileRegex(std::string_view pattern, std::string_view function_name,
                                                     bool analysis, bool case_insensitive = false);

// For patterns that come from a column: recompiles only when the pattern changes.
// Not thread-safe; create one per evaluation.
class RegexCache {
 public:
  explicit RegexCache(std::string_view function_name) : function_name_(function_name) {}
  // nullptr (and the error in *error) when the pattern does not compile.
  const re2::RE2* Get(std::string_view pattern, Status* error);

 private:
  std::string function_name_;
  std::string pattern_;
  std::shared_ptr<const re2::RE2> regex_;
  bool valid_ = false;
};

// Java's Matcher.replaceAll replacement ("$1", "\$") as an RE2 rewrite ("\1", "$").
std::string JavaReplacementToRe2(std::string_view replacement);

}  // namespace sluice::expr
