#pragma once

#include <stdexcept>
#include <string>
#include <utility>

#include "sluice/common/status.h"

namespace sluice {

// The public C++ API reports errors with exceptions, as Spark's API does; every layer
// below uses Status/Result. Each exception keeps the Status it was made from, so a
// caller can still inspect the category (status().code()). what() is the message alone,
// e.g. "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column ... cannot be resolved. Did you mean
// one of the following? [`value`]."
class SluiceException : public std::runtime_error {
 public:
  explicit SluiceException(Status status) : std::runtime_error(status.message()), status_(std::move(status)) {}
  const Status& status() const { return status_; }

 private:
  Status status_;
};

// The query is invalid and cannot run: an unknown column, table, function or format,
// a type mismatch, an operation the output mode does not allow (Spark's AnalysisException).
class AnalysisException : public SluiceException {
 public:
  using SluiceException::SluiceException;
};

// SQL text (sql(), expr(), selectExpr(), where("...")) could not be parsed. Derives
// from AnalysisException as Spark's ParseException does.
class ParseException : public AnalysisException {
 public:
  using AnalysisException::AnalysisException;
};

// A bad argument or option value: an unknown output mode, a malformed trigger interval,
// a row that does not fit a schema (Spark's IllegalArgumentException).
class IllegalArgumentException : public SluiceException {
 public:
  using SluiceException::SluiceException;
};

// A streaming query failed while running (Spark's StreamingQueryException). Thrown by
// awaitTermination() and processAllAvailable(); the message names the query:
//   [STREAM_FAILED] Query [id = ..., runId = ...] terminated with exception: <cause>
class StreamingQueryException : public SluiceException {
 public:
  using SluiceException::SluiceException;
};

namespace api {

// Throws the exception matching `status`'s category; does nothing when it is ok.
// Parse errors become ParseException, analysis errors AnalysisException, invalid
// arguments IllegalArgumentException, everything else SluiceException.
void ThrowIfError(const Status& status);

// Returns the value of `result` or throws as ThrowIfError does.
template <typename T>
T ValueOrThrow(Result<T> result) {
  if (!result.ok()) ThrowIfError(result.status());
  return std::move(result).value();
}

}  // namespace api
}  // namespace sluice
