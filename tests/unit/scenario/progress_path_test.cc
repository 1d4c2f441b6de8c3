#include "sluice/scenario/progress_path.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace sluice::scenario {
namespace {

const Json kProgress = Json::parse(R"({
  "batchId": 3,
  "numInputRows": 0,
  "eventTime": {"watermark": "1970-01-01T00:00:05.000Z"},
  "stateOperators": [{"numRowsTotal": 7, "customMetrics": {"a": [1, 2]}}, {"numRowsTotal": 2}],
  "sink": {"numOutputRows": null}
})");

std::optional<Json> Lookup(const std::string& path) {
  auto r = LookupProgressPath(kProgress, path);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : std::nullopt;
}

TEST(ProgressPathTest, FindsFieldsAndIndexes) {
  EXPECT_EQ(Lookup("batchId"), Json(3));
  EXPECT_EQ(Lookup("eventTime.watermark"), Json("1970-01-01T00:00:05.000Z"));
  EXPECT_EQ(Lookup("stateOperators[0].numRowsTotal"), Json(7));
  EXPECT_EQ(Lookup("stateOperators[1].numRowsTotal"), Json(2));
  EXPECT_EQ(Lookup("stateOperators[0].customMetrics.a[1]"), Json(2));
  // A present null is not an absent field.
  EXPECT_EQ(Lookup("sink.numOutputRows"), Json(nullptr));
}

TEST(ProgressPathTest, AbsentFields) {
  EXPECT_EQ(Lookup("eventTime.max"), std::nullopt);
  EXPECT_EQ(Lookup("stateOperators[2].numRowsTotal"), std::nullopt);
  EXPECT_EQ(Lookup("batchId.x"), std::nullopt);
  EXPECT_EQ(Lookup("eventTime[0]"), std::nullopt);
  EXPECT_EQ(Lookup("nothing.at.all"), std::nullopt);
}

TEST(ProgressPathTest, MalformedPaths) {
  for (const char* bad : {"", ".a", "a.", "a[", "a[x]", "a[0", "a..b", "a b", "a[0]x"}) {
    auto r = LookupProgressPath(kProgress, bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_NE(r.status().message().find("progress path"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace sluice::scenario
