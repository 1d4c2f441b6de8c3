#include "sluice/common/status.h"

#include <cstdio>
#include <cstdlib>

namespace sluice {

const char* StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "OK";
    case StatusCode::kParseError: return "ParseError";
    case StatusCode::kAnalysisError: return "AnalysisError";
    case StatusCode::kExecutionError: return "ExecutionError";
    case StatusCode::kIOError: return "IOError";
    case StatusCode::kCorruption: return "Corruption";
    case StatusCode::kNotSupported: return "NotSupported";
    case StatusCode::kInvalidArgument: return "InvalidArgument";
    case StatusCode::kInternal: return "Internal";
  }
  return "Unknown";
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  return std::string(StatusCodeName(code_)) + ": " + message_;
}

Status Status::WithContext(const std::string& context) const {
  if (ok()) return *this;
  return Status(code_, context + ": " + message_);
}

namespace internal {
void DcheckFailed(const char* cond, const char* file, int line) {
  std::fprintf(stderr, "internal invariant failed: %s at %s:%d\n", cond, file, line);
  std::abort();
}
}  // namespace internal

}  // namespace sluice
