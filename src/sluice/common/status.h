#pragma once

#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace sluice {

// Error categories, chosen by what the user can do about the error (STYLE.md §5).
enum class StatusCode : uint8_t {
  kOk = 0,
  kParseError,      // SQL text or a file could not be parsed: the query cannot start
  kAnalysisError,   // the query is well formed but invalid: it cannot start
  kExecutionError,  // failed while running a batch
  kIOError,         // a file or socket operation failed
  kCorruption,      // checkpoint or state bytes are unreadable
  kNotSupported,
  kInvalidArgument,  // a bad option, setting or API argument
  kInternal,         // a bug
};

const char* StatusCodeName(StatusCode code);

// Status is the result of an operation that returns nothing: ok, or an error with
// a category and a message. Cheap to copy when ok.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status OK() { return Status(); }
  static Status ParseError(std::string m) { return {StatusCode::kParseError, std::move(m)}; }
  static Status AnalysisError(std::string m) { return {StatusCode::kAnalysisError, std::move(m)}; }
  static Status ExecutionError(std::string m) { return {StatusCode::kExecutionError, std::move(m)}; }
  static Status IOError(std::string m) { return {StatusCode::kIOError, std::move(m)}; }
  static Status Corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
  static Status NotSupported(std::string m) { return {StatusCode::kNotSupported, std::move(m)}; }
  static Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "AnalysisError: cannot resolve ..." for logs and the CLI.
  std::string ToString() const;

  // Returns a copy whose message is prefixed with `context: `, keeping the code.
  Status WithContext(const std::string& context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Result<T> holds a value or an error Status (never an ok Status).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  template <typename U, typename = std::enable_if_t<std::is_convertible_v<U&&, T> && !std::is_same_v<std::decay_t<U>, T> &&
                                                    !std::is_same_v<std::decay_t<U>, Status>>>
  Result(U&& value) : value_(T(std::forward<U>(value))) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T ValueOr(T other) const { return ok() ? *value_ : std::move(other); }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace sluice

#define SLUICE_CONCAT_IMPL(a, b) a##b
#define SLUICE_CONCAT(a, b) SLUICE_CONCAT_IMPL(a, b)

#define SLUICE_RETURN_IF_ERROR(expr)          \
  do {                                        \
    ::sluice::Status _st = (expr);            \
    if (!_st.ok()) return _st;                \
  } while (0)

#define SLUICE_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()

// SLUICE_ASSIGN_OR_RETURN(auto x, F()) declares x from F()'s value or returns its error.
#define SLUICE_ASSIGN_OR_RETURN(lhs, expr) \
  SLUICE_ASSIGN_OR_RETURN_IMPL(SLUICE_CONCAT(_res_, __LINE__), lhs, expr)

// For programmer invariants only, never for anything user input can reach.
#define SLUICE_DCHECK(cond)                                                            \
  do {                                                                                 \
    if (!(cond)) ::sluice::internal::DcheckFailed(#cond, __FILE__, __LINE__);          \
  } while (0)

namespace sluice::internal {
[[noreturn]] void DcheckFailed(const char* cond, const char* file, int line);
}  // namespace sluice::internal
