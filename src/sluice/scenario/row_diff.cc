#include "sluice/scenario/row_diff.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sluice/scenario/values.h"

namespace sluice::scenario {

namespace {

// A key such that equal keys imply JsonValuesMatch: integral doubles print like
// integers (3.0 and 3 share "3"), other doubles with full precision.
void CanonicalKey(const Json& v, std::string* out) {
  if (v.is_array()) {
    out->push_back('[');
    for (const auto& item : v) {
      CanonicalKey(item, out);
      out->push_back(',');
    }
    out->push_back(']');
  } else if (v.is_object()) {
    // Objects match regardless of key order, so sort the keys.
    std::vector<std::pair<std::string, const Json*>> items;
    for (const auto& [key, item] : v.items()) items.emplace_back(key, &item);
    std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    out->push_back('{');
    for (const auto& [key, item] : items) {
      out->append(Json(key).dump(-1, ' ', false, Json::error_handler_t::replace));
      out->push_back(':');
      CanonicalKey(*item, out);
      out->push_back(',');
    }
    out->push_back('}');
  } else if (v.is_number_float()) {
    double d = v.get<double>();
    char buf[40];
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9007199254740992.0) {
      std::snprintf(buf, sizeof(buf), "%lld", static_cast<long long>(d));
    } else {
      std::snprintf(buf, sizeof(buf), "%.17g", d);
    }
    out->append(buf);
  } else {
    out->append(v.dump(-1, ' ', false, Json::error_handler_t::replace));
  }
}

std::string Key(const Json& v) {
  std::string key;
  CanonicalKey(v, &key);
  return key;
}

void MatchUnordered(const std::vector<Json>& expected, const std::vector<Json>& actual, RowDiff* diff) {
  // Exact matches first.
  std::unordered_map<std::string, std::vector<int64_t>> by_key;  // actual rows not yet matched, in reverse order
  for (int64_t j = static_cast<int64_t>(actual.size()) - 1; j >= 0; --j) by_key[Key(actual[j])].push_back(j);
  for (size_t i = 0; i < expected.size(); ++i) {
    auto it = by_key.find(Key(expected[i]));
    if (it == by_key.end() || it->second.empty()) continue;
    int64_t j = it->second.back();
    it->second.pop_back();
    diff->expected_match[i] = j;
    diff->actual_match[j] = static_cast<int64_t>(i);
  }
  // Leftovers may still match within the double tolerance.
  for (size_t i = 0; i < expected.size(); ++i) {
    if (diff->expected_match[i] >= 0) continue;
    for (size_t j = 0; j < actual.size(); ++j) {
      if (diff->actual_match[j] < 0 && JsonValuesMatch(expected[i], actual[j])) {
        diff->expected_match[i] = static_cast<int64_t>(j);
        diff->actual_match[j] = static_cast<int64_t>(i);
        break;
      }
    }
  }
}

}  // namespace

RowDiff DiffRows(const std::vector<Json>& expected, const std::vector<Json>& actual, bool ordered) {
  RowDiff diff;
  diff.ordered = ordered;
  diff.expected_match.assign(expected.size(), -1);
  diff.actual_match.assign(actual.size(), -1);
  if (ordered) {
    for (size_t i = 0; i < expected.size() && i < actual.size(); ++i) {
      if (JsonValuesMatch(expected[i], actual[i])) {
        diff.expected_match[i] = static_cast<int64_t>(i);
        diff.actual_match[i] = static_cast<int64_t>(i);
      }
    }
  } else {
    MatchUnordered(expected, actual, &diff);
  }
  for (int64_t m : diff.expected_match) diff.num_missing += m < 0;
  for (int64_t m : diff.actual_match) diff.num_extra += m < 0;
  if (ordered && !diff.ok()) diff.same_rows_other_order = DiffRows(expected, actual, false).ok();
  return diff;
}

}  // namespace sluice::scenario
