#include "sluice/api/exceptions.h"

namespace sluice::api {

void ThrowIfError(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk:
      return;
    case StatusCode::kParseError:
      throw ParseException(status);
    case StatusCode::kAnalysisError:
      throw AnalysisException(status);
    case StatusCode::kInvalidArgument:
      throw IllegalArgumentException(status);
    default:
      throw SluiceException(status);
  }
}

}  // namespace sluice::api
