#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include "sluice/api/option_text.h"

namespace sluice {

class Session;

// A session's settings (Spark's RuntimeConfig, session->conf()). Spark's keys are
// accepted as they are: "spark.sql.shuffle.partitions" and
// "sluice.sql.shuffle.partitions" name the same setting. Queries copy the settings
// when they start; changing them later does not affect running queries.
// Thread-safe.
class RuntimeConfig {
 public:
  explicit RuntimeConfig(std::shared_ptr<Session> session) : session_(std::move(session)) {}

  void set(const std::string& key, const std::string& value) const;
  void set(const std::string& key, const char* value) const { set(key, std::string(value)); }
  template <typename T>
    requires std::is_arithmetic_v<T>
  void set(const std::string& key, T value) const {
    set(key, api::OptionText(value));
  }
  // The value set for `key`; throws IllegalArgumentException when it was never set.
  std::string get(const std::string& key) const;
  std::string get(const std::string& key, const std::string& default_value) const;
  std::optional<std::string> getOption(const std::string& key) const;
  void unset(const std::string& key) const;
  // Every setting, under its sluice spelling ("sluice.sql.shuffle.partitions").
  std::map<std::string, std::string> getAll() const;

 private:
  std::shared_ptr<Session> session_;
};

}  // namespace sluice
