#include "sluice/state/state_map.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>

namespace sluice::state {
namespace {

std::map<std::string, std::string> Contents(const StateMap& map) {
  std::map<std::string, std::string> out;
  map.ForEach([&](std::string_view k, std::string_view v) { out.emplace(std::string(k), std::string(v)); });
  return out;
}

// Random puts (values growing and shrinking), removes and lookups against std::map,
// enough to grow the index several times and shift entries back on erase.
TEST(StateMapTest, MatchesAReferenceMap) {
  StateMap map;
  std::map<std::string, std::string> model;
  std::mt19937_64 rng(7);
  int64_t data_bytes = 0;
  for (int step = 0; step < 200000; ++step) {
    const std::string key = "k" + std::to_string(rng() % 5000);
    const int op = static_cast<int>(rng() % 10);
    if (op < 6) {
      const std::string value(rng() % 40, static_cast<char>('a' + step % 26));
      auto it = model.find(key);
      data_bytes += static_cast<int64_t>(value.size()) -
                    (it == model.end() ? -static_cast<int64_t>(key.size()) : static_cast<int64_t>(it->second.size()));
      model[key] = value;
      map.Upsert(key, value);
    } else if (op < 9) {
      auto it = model.find(key);
      if (it != model.end()) {
        data_bytes -= static_cast<int64_t>(key.size() + it->second.size());
        model.erase(it);
      }
      map.Remove(key);
    } else {
      const int64_t entry = map.Find(key);
      auto it = model.find(key);
      ASSERT_EQ(entry != StateMap::kNotFound, it != model.end()) << key;
      if (entry != StateMap::kNotFound) {
        EXPECT_EQ(map.key(entry), key);
        EXPECT_EQ(map.value(entry), it->second);
      }
    }
  }
  EXPECT_EQ(map.size(), static_cast<int64_t>(model.size()));
  EXPECT_EQ(map.data_bytes(), data_bytes);
  EXPECT_EQ(Contents(map), model);
}

TEST(StateMapTest, MarksAndInPlaceValues) {
  StateMap map;
  const int64_t a = map.Insert("a", StateMap::Hash("a"), "12345", 7);
  EXPECT_EQ(map.mark(a), 7u);
  map.Insert("b", StateMap::Hash("b"), "", 0);
  const std::string_view before = map.value(a);
  map.SetValue(a, "xy");  // fits: rewritten in place
  EXPECT_EQ(before.data(), map.value(a).data());
  EXPECT_EQ(map.value(a), "xy");
  map.SetValue(a, map.value(a));  // a view of the entry itself
  EXPECT_EQ(map.value(a), "xy");
  map.SetValue(a, "a longer value than before");
  EXPECT_EQ(map.Find("a"), a);
  EXPECT_EQ(map.value(a), "a longer value than before");
  map.ClearMarks();
  EXPECT_EQ(map.mark(a), 0u);
  map.Remove("a");
  EXPECT_EQ(map.Find("a"), StateMap::kNotFound);
  EXPECT_EQ(map.value(map.Find("b")), "");
  EXPECT_EQ(map.data_bytes(), 1);
}

}  // namespace
}  // namespace sluice::state
