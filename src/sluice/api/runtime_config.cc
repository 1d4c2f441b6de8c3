#include "sluice/api/runtime_config.h"

#include "sluice/api/exceptions.h"
#include "sluice/api/session.h"

namespace sluice {

void RuntimeConfig::set(const std::string& key, const std::string& value) const { session_->SetConf(key, value); }

std::string RuntimeConfig::get(const std::string& key) const {
  auto value = getOption(key);
  if (!value) {
    api::ThrowIfError(Status::InvalidArgument("configuration '" + key +
                                              "' is not set; use get(key, default) or getOption(key)"));
  }
  return *value;
}

std::string RuntimeConfig::get(const std::string& key, const std::string& default_value) const {
  return getOption(key).value_or(default_value);
}

std::optional<std::string> RuntimeConfig::getOption(const std::string& key) const {
  Config conf = session_->ConfSnapshot();
  if (!conf.Has(key)) return std::nullopt;
  return conf.GetString(key, "");
}

void RuntimeConfig::unset(const std::string& key) const { session_->UnsetConf(key); }

std::map<std::string, std::string> RuntimeConfig::getAll() const { return session_->ConfSnapshot().entries(); }

}  // namespace sluice
