#include "sluice/common/config.h"

#include <algorithm>
#include <cctype>

namespace sluice {

std::string Config::NormalizeKey(const std::string& key) {
  if (key.rfind("spark.", 0) == 0) return "sluice." + key.substr(6);
  return key;
}

void Config::Set(const std::string& key, std::string value) { entries_[NormalizeKey(key)] = std::move(value); }

bool Config::Has(const std::string& key) const { return entries_.count(NormalizeKey(key)) > 0; }

std::string Config::GetString(const std::string& key, const std::string& default_value) const {
  auto it = entries_.find(NormalizeKey(key));
  return it == entries_.end() ? default_value : it->second;
}

Result<int64_t> Config::GetInt(const std::string& key, int64_t default_value) const {
  auto it = entries_.find(NormalizeKey(key));
  if (it == entries_.end()) return default_value;
  try {
    size_t pos = 0;
    int64_t v = std::stoll(it->second, &pos);
    if (pos == it->second.size()) return v;
  } catch (...) {
  }
  return Status::InvalidArgument("setting '" + key + "' must be an integer, got '" + it->second + "'");
}

Result<bool> Config::GetBool(const std::string& key, bool default_value) const {
  auto it = entries_.find(NormalizeKey(key));
  if (it == entries_.end()) return default_value;
  std::string v = it->second;
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::tolower(c); });
  if (v == "true") return true;
  if (v == "false") return false;
  return Status::InvalidArgument("setting '" + key + "' must be true or false, got '" + it->second + "'");
}

void Config::Merge(const Config& other) {
  for (const auto& [k, v] : other.entries_) entries_[k] = v;
}

}  // namespace sluice
