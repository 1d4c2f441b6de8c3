#include "sluice/expr/regex_pattern.h"

namespace sluice::expr {

Result<std::shared_ptr<const re2::RE2>> CompileRegex(std::string_view pattern, std::string_view function_name,
                                                     bool analysis, bool case_insensitive) {
  re2::RE2::Options options;
  options.set_log_errors(false);
  options.set_case_sensitive(!case_insensitive);
  auto regex = std::make_shared<re2::RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!regex->ok()) {
    std::string message = "[INVALID_PARAMETER_VALUE.PATTERN] The value of parameter(s) `regexp` in `" +
                          std::string(function_name) + "` is invalid: '" + std::string(pattern) + "': " +
                          regex->error() + ".";
    return analysis ? Status::AnalysisError(message) : Status::ExecutionError(message);
  }
  return std::shared_ptr<const re2::RE2>(std::move(regex));
}

const re2::RE2* RegexCache::Get(std::string_view pattern, Status* error) {
  if (regex_ == nullptr || pattern != pattern_) {
    pattern_.assign(pattern.data(), pattern.size());
    auto compiled = CompileRegex(pattern, function_name_, /*analysis=*/false);
    if (!compiled.ok()) {
      regex_ = nullptr;
      *error = compiled.status();
      return nullptr;
    }
    regex_ = std::move(compiled).value();
  }
  return regex_.get();
}

std::string JavaReplacementToRe2(std::string_view r) {
  std::string out;
  for (size_t i = 0; i < r.size(); ++i) {
    char c = r[i];
    if (c == '\\' && i + 1 < r.size()) {
      char next = r[++i];
      if (next == '\\') {
        out += "\\\\";
      } else {
        out += next;
      }
    } else if (c == '$' && i + 1 < r.size() && std::isdigit(static_cast<unsigned char>(r[i + 1]))) {
      out += '\\';
      out += r[++i];
    } else if (c == '\\') {
      out += "\\\\";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace sluice::expr
