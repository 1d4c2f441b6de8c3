#include "sluice/connectors/option_table.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "sluice/common/strings.h"
#include "sluice/common/time.h"

namespace sluice::connectors {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

const OptionSpec* FindSpec(OptionTable table, std::string_view name) {
  std::string lower = AsciiLower(name);
  for (const auto& spec : table) {
    if (AsciiLower(spec.name) == lower) return &spec;
  }
  return nullptr;
}

std::string ValidNames(OptionTable table) {
  std::string out;
  for (const auto& spec : table) {
    if (!out.empty()) out += ", ";
    out += spec.name;
  }
  return out.empty() ? "(none)" : out;
}

const char* Expectation(OptionType type) {
  switch (type) {
    case OptionType::kString: return "expected a string";
    case OptionType::kInt: return "expected an integer between -2147483648 and 2147483647";
    case OptionType::kLong: return "expected an integer";
    case OptionType::kDouble: return "expected a number";
    case OptionType::kBool: return "expected true or false";
    case OptionType::kInterval: return "expected a duration such as '5s', '500ms', '5 seconds' or a number of seconds";
  }
  return "expected a valid value";
}

// The value's sign for range checks, or nullopt when `text` does not parse as `type`.
std::optional<double> NumericValue(OptionType type, std::string_view text) {
  switch (type) {
    case OptionType::kString: return 0.0;
    case OptionType::kBool: {
      if (!option_parsing::ParseBool(text)) return std::nullopt;
      return 0.0;
    }
    case OptionType::kInt: {
      auto v = option_parsing::ParseLong(text);
      if (!v || *v < std::numeric_limits<int32_t>::min() || *v > std::numeric_limits<int32_t>::max()) return std::nullopt;
      return static_cast<double>(*v);
    }
    case OptionType::kLong: {
      auto v = option_parsing::ParseLong(text);
      if (!v) return std::nullopt;
      return static_cast<double>(*v);
    }
    case OptionType::kDouble: return option_parsing::ParseDouble(text);
    case OptionType::kInterval: {
      auto v = option_parsing::ParseIntervalMicros(text);
      if (!v) return std::nullopt;
      return static_cast<double>(*v);
    }
  }
  return std::nullopt;
}

Status CheckValue(std::string_view what, const OptionSpec& spec, const std::string& text) {
  auto value = NumericValue(spec.type, text);
  if (!value) {
    return Status::InvalidArgument("Invalid value '" + text + "' for option '" + spec.name + "' of " +
                                   std::string(what) + ": " + Expectation(spec.type));
  }
  // Spark's RateStreamProvider wording: "Invalid value '-1'. The option 'rowsPerSecond' must be positive".
  if (spec.check == OptionCheck::kPositive && !(*value > 0)) {
    return Status::InvalidArgument("Invalid value '" + text + "'. The option '" + spec.name +
                                   "' must be positive (" + std::string(what) + ")");
  }
  if (spec.check == OptionCheck::kNonNegative && !(*value >= 0)) {
    return Status::InvalidArgument("Invalid value '" + text + "'. The option '" + spec.name +
                                   "' must not be negative (" + std::string(what) + ")");
  }
  return Status::OK();
}

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t substitute = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, substitute});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

const char* OptionTypeName(OptionType type) {
  switch (type) {
    case OptionType::kString: return "string";
    case OptionType::kInt: return "int";
    case OptionType::kLong: return "long";
    case OptionType::kDouble: return "double";
    case OptionType::kBool: return "bool";
    case OptionType::kInterval: return "interval";
  }
  return "?";
}

namespace option_parsing {

std::optional<int64_t> ParseLong(std::string_view text) {
  std::string s(Trim(text));
  if (s.empty()) return std::nullopt;
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i == s.size()) return std::nullopt;
  for (size_t k = i; k < s.size(); ++k) {
    if (!std::isdigit(static_cast<unsigned char>(s[k]))) return std::nullopt;
  }
  errno = 0;
  long long v = std::strtoll(s.c_str(), nullptr, 10);
  if (errno == ERANGE) return std::nullopt;
  return static_cast<int64_t>(v);
}

std::optional<double> ParseDouble(std::string_view text) {
  std::string s(Trim(text));
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || errno == ERANGE || std::isnan(v)) return std::nullopt;
  return v;
}

std::optional<bool> ParseBool(std::string_view text) {
  std::string s = AsciiLower(Trim(text));
  if (s == "true") return true;
  if (s == "false") return false;
  return std::nullopt;
}

std::optional<int64_t> ParseIntervalMicros(std::string_view text) {
  // A bare integer is seconds, as in Spark's JavaUtils.timeStringAsSec.
  if (auto seconds = ParseLong(text)) {
    if (*seconds > std::numeric_limits<int64_t>::max() / kMicrosPerSecond ||
        *seconds < std::numeric_limits<int64_t>::min() / kMicrosPerSecond) {
      return std::nullopt;
    }
    return *seconds * kMicrosPerSecond;
  }
  try {
    Result<int64_t> micros = ::sluice::ParseIntervalMicros(text);
    if (!micros.ok()) return std::nullopt;
    return *micros;
  } catch (...) {
    // Guard against a library parser throwing on odd input ("." for a number).
    return std::nullopt;
  }
}

}  // namespace option_parsing

std::string ClosestName(std::string_view name, const std::vector<std::string>& candidates) {
  std::string lower = AsciiLower(name);
  std::string best;
  size_t best_distance = std::numeric_limits<size_t>::max();
  for (const auto& candidate : candidates) {
    size_t d = EditDistance(lower, AsciiLower(candidate));
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  // Suggest only what looks like a typo: a few edits, and fewer than the name's length.
  size_t allowed = std::max<size_t>(2, lower.size() / 3);
  if (best.empty() || best_distance > allowed || best_distance >= best.size()) return "";
  return best;
}

Result<ConnectorOptions> ConnectorOptions::Parse(std::string_view what, OptionTable table,
                                                 const std::map<std::string, std::string>& given) {
  ConnectorOptions out;
  out.table_ = table;
  std::map<std::string, std::string> spelled;  // lower-case name -> the spelling first seen
  for (const auto& [key, text] : given) {
    const OptionSpec* spec = FindSpec(table, key);
    if (spec == nullptr) {
      std::vector<std::string> names;
      for (const auto& s : table) names.emplace_back(s.name);
      std::string message = "unknown option '" + key + "' for " + std::string(what) +
                            "; valid options: " + ValidNames(table);
      std::string closest = ClosestName(key, names);
      if (!closest.empty()) message += "; did you mean '" + closest + "'?";
      return Status::InvalidArgument(message);
    }
    std::string lower = AsciiLower(spec->name);
    auto [it, inserted] = spelled.emplace(lower, key);
    if (!inserted) {
      return Status::InvalidArgument("option '" + std::string(spec->name) + "' is given twice for " +
                                     std::string(what) + " ('" + it->second + "', '" + key + "')");
    }
    SLUICE_RETURN_IF_ERROR(CheckValue(what, *spec, text));
    out.given_[lower] = text;
  }
  for (const auto& spec : table) {
    if (spec.required && out.given_.count(AsciiLower(spec.name)) == 0) {
      return Status::InvalidArgument("option '" + std::string(spec.name) + "' of " + std::string(what) +
                                     " is required: " + spec.doc);
    }
  }
  return out;
}

std::optional<std::string_view> ConnectorOptions::Text(std::string_view name) const {
  std::string lower = AsciiLower(name);
  auto it = given_.find(lower);
  if (it != given_.end()) return std::string_view(it->second);
  const OptionSpec* spec = FindSpec(table_, name);
  if (spec != nullptr && spec->default_value != nullptr) return std::string_view(spec->default_value);
  return std::nullopt;
}

bool ConnectorOptions::Has(std::string_view name) const { return given_.count(AsciiLower(name)) > 0; }

std::optional<std::string> ConnectorOptions::Raw(std::string_view name) const {
  auto it = given_.find(AsciiLower(name));
  if (it == given_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> ConnectorOptions::GetString(std::string_view name) const {
  auto text = Text(name);
  if (!text) return std::nullopt;
  return std::string(*text);
}

std::optional<int64_t> ConnectorOptions::GetLong(std::string_view name) const {
  auto text = Text(name);
  return text ? option_parsing::ParseLong(*text) : std::nullopt;
}

std::optional<double> ConnectorOptions::GetDouble(std::string_view name) const {
  auto text = Text(name);
  return text ? option_parsing::ParseDouble(*text) : std::nullopt;
}

std::optional<bool> ConnectorOptions::GetBool(std::string_view name) const {
  auto text = Text(name);
  return text ? option_parsing::ParseBool(*text) : std::nullopt;
}

std::optional<int64_t> ConnectorOptions::GetIntervalMicros(std::string_view name) const {
  auto text = Text(name);
  return text ? option_parsing::ParseIntervalMicros(*text) : std::nullopt;
}

}  // namespace sluice::connectors
