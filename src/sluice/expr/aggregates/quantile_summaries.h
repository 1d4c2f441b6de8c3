#pragma once

// Spark's org.apache.spark.sql.catalyst.util.QuantileSummaries: a Greenwald-Khanna
// summary of a stream of doubles answering rank queries within relative_error * count.
// Values are first buffered (up to kHeadSize) and then merged into the sorted samples;
// the samples are compressed when there are kCompressThreshold of them. Reproduces
// Spark's insert / compress / merge / query steps (same order, same arithmetic), so the
// answers equal Spark's for the same sequence of operations.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::expr::aggregates {

class QuantileSummaries {
 public:
  // Spark's QuantileSummaries.defaultCompressThreshold and defaultHeadSize.
  static constexpr size_t kCompressThreshold = 10000;
  static constexpr size_t kHeadSize = 50000;

  struct Stats {
    double value;
    int64_t g;      // minimum rank of this sample minus that of the previous one
    int64_t delta;  // maximum rank minus minimum rank
  };

  explicit QuantileSummaries(double relative_error) : relative_error_(relative_error) {}

  double relative_error() const { return relative_error_; }
  // Values inserted (buffered or not).
  int64_t count() const { return count_ + static_cast<int64_t>(head_.size()); }
  const std::vector<Stats>& samples() const { return samples_; }
  bool compressed() const { return head_.empty(); }

  void Insert(double x);
  // Flushes the head buffer into the samples and compresses them (Spark's compress()).
  void Compress();
  // Spark's merge: both sides are compressed first (`other` via a copy when needed).
  void Merge(const QuantileSummaries& other);
  // The approximate value at each percentile (in [0, 1]); false when empty. Works on a
  // compressed copy when the head buffer is not empty.
  bool Query(const std::vector<double>& percentiles, std::vector<double>* out) const;

  // Serialized compressed form: varint count, varint sample count, per sample the
  // 8-byte value and varint g, delta. Call on a compressed summary.
  void Serialize(std::string* out) const;
  // Replaces this summary; false on malformed bytes (advances `in` on success).
  bool Deserialize(std::string_view* in);

  void Clear();
  int64_t MemoryBytes() const {
    return static_cast<int64_t>(head_.capacity() * sizeof(double) + samples_.capacity() * sizeof(Stats));
  }

 private:
  void InsertHeadBuffer();
  static std::vector<Stats> CompressSamples(const std::vector<Stats>& samples, double merge_threshold);

  double relative_error_;
  std::vector<double> head_;
  std::vector<Stats> samples_;
  int64_t count_ = 0;  // values in samples_
};

}  // namespace sluice::expr::aggregates
