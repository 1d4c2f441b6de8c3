#include "sluice/expr/aggregates/quantile_summaries.h"

#include <algorithm>
#include <cmath>

#include "sluice/expr/aggregates/state_codec.h"
#include "sluice/types/row_codec.h"

namespace sluice::expr::aggregates {

namespace {

// Scala's Ordering.Double.TotalOrdering (what `sorted` uses): -0.0 < 0.0, NaN last.
bool TotalLess(double a, double b) {
  if (std::isnan(a)) return false;
  if (std::isnan(b)) return true;
  if (a == b) return std::signbit(a) && !std::signbit(b);
  return a < b;
}

}  // namespace

void QuantileSummaries::Insert(double x) {
  head_.push_back(x);
  if (head_.size() >= kHeadSize) {
    InsertHeadBuffer();
    if (samples_.size() >= kCompressThreshold) Compress();
  }
}

// Spark's withHeadBufferInserted: merges the sorted head buffer into the samples. A new
// sample gets delta floor(2 * eps * n) unless it is the new minimum or maximum.
void QuantileSummaries::InsertHeadBuffer() {
  if (head_.empty()) return;
  std::sort(head_.begin(), head_.end(), TotalLess);
  std::vector<Stats> merged;
  merged.reserve(samples_.size() + head_.size());
  int64_t current_count = count_;
  size_t sample_idx = 0;
  for (size_t ops_idx = 0; ops_idx < head_.size(); ++ops_idx) {
    double current = head_[ops_idx];
    while (sample_idx < samples_.size() && samples_[sample_idx].value <= current) merged.push_back(samples_[sample_idx++]);
    ++current_count;
    int64_t delta = (merged.empty() || (sample_idx == samples_.size() && ops_idx == head_.size() - 1))
                        ? 0
                        : static_cast<int64_t>(std::floor(2 * relative_error_ * static_cast<double>(current_count)));
    merged.push_back({current, 1, delta});
  }
  while (sample_idx < samples_.size()) merged.push_back(samples_[sample_idx++]);
  samples_ = std::move(merged);
  count_ = current_count;
  head_.clear();
}

// Spark's compressImmut: walks from the last sample to the second, folding a sample into
// its successor while g1 + g2 + delta2 < threshold; the first sample is always kept.
std::vector<QuantileSummaries::Stats> QuantileSummaries::CompressSamples(const std::vector<Stats>& samples,
                                                                         double merge_threshold) {
  if (samples.empty()) return {};
  std::vector<Stats> reversed;
  Stats head = samples.back();
  for (int64_t i = static_cast<int64_t>(samples.size()) - 2; i >= 1; --i) {
    const Stats& s = samples[i];
    if (static_cast<double>(s.g + head.g + head.delta) < merge_threshold) {
      head.g += s.g;
    } else {
      reversed.push_back(head);
      head = s;
    }
  }
  reversed.push_back(head);
  const Stats& first = samples.front();
  if (first.value <= head.value && samples.size() > 1) reversed.push_back(first);
  std::reverse(reversed.begin(), reversed.end());
  return reversed;
}

void QuantileSummaries::Compress() {
  InsertHeadBuffer();
  samples_ = CompressSamples(samples_, 2 * relative_error_ * static_cast<double>(count_));
}

void QuantileSummaries::Merge(const QuantileSummaries& other_in) {
  Compress();
  QuantileSummaries copy(0.0);
  const QuantileSummaries* other = &other_in;
  if (!other_in.compressed()) {
    copy = other_in;
    copy.Compress();
    other = &copy;
  }
  if (other->count_ == 0) return;
  if (count_ == 0) {
    relative_error_ = other->relative_error_;
    samples_ = other->samples_;
    count_ = other->count_;
    return;
  }
  // Samples from one side gain the other side's rank uncertainty, floor(2 * eps * n).
  double merged_error = std::max(relative_error_, other->relative_error_);
  int64_t merged_count = count_ + other->count_;
  int64_t extra_self = static_cast<int64_t>(std::floor(2 * other->relative_error_ * static_cast<double>(other->count_)));
  int64_t extra_other = static_cast<int64_t>(std::floor(2 * relative_error_ * static_cast<double>(count_)));
  std::vector<Stats> merged;
  merged.reserve(samples_.size() + other->samples_.size());
  size_t si = 0, oi = 0;
  while (si < samples_.size() && oi < other->samples_.size()) {
    const Stats& s = samples_[si];
    const Stats& o = other->samples_[oi];
    if (s.value < o.value) {
      merged.push_back({s.value, s.g, s.delta + (oi > 0 ? extra_self : 0)});
      ++si;
    } else {
      merged.push_back({o.value, o.g, o.delta + (si > 0 ? extra_other : 0)});
      ++oi;
    }
  }
  while (si < samples_.size()) merged.push_back(samples_[si++]);
  while (oi < other->samples_.size()) merged.push_back(other->samples_[oi++]);
  samples_ = CompressSamples(merged, 2 * merged_error * static_cast<double>(merged_count));
  relative_error_ = merged_error;
  count_ = merged_count;
}

bool QuantileSummaries::Query(const std::vector<double>& percentiles, std::vector<double>* out) const {
  if (!compressed()) {
    QuantileSummaries copy = *this;
    copy.Compress();
    return copy.Query(percentiles, out);
  }
  out->clear();
  if (samples_.empty()) return false;
  int64_t max_width = INT64_MIN;
  for (const Stats& s : samples_) max_width = std::max(max_width, s.g + s.delta);
  // Spark: targetError = max(g + delta) / 2 in Long arithmetic.
  double target_error = static_cast<double>(max_width / 2);
  for (double percentile : percentiles) {
    if (percentile <= relative_error_) {
      out->push_back(samples_.front().value);
      continue;
    }
    if (percentile >= 1 - relative_error_) {
      out->push_back(samples_.back().value);
      continue;
    }
    // The first sample whose rank interval is within target_error of the wanted rank.
    int64_t rank = static_cast<int64_t>(std::ceil(percentile * static_cast<double>(count_)));
    int64_t min_rank = 0;
    double value = samples_.back().value;
    for (size_t i = 0; i + 1 < samples_.size(); ++i) {
      const Stats& s = samples_[i];
      min_rank += s.g;
      int64_t max_rank = min_rank + s.delta;
      if (static_cast<double>(max_rank) - target_error <= static_cast<double>(rank) &&
          static_cast<double>(rank) <= static_cast<double>(min_rank) + target_error) {
        value = s.value;
        break;
      }
    }
    out->push_back(value);
  }
  return true;
}

void QuantileSummaries::Serialize(std::string* out) const {
  types::EncodeVarint(static_cast<uint64_t>(count_), out);
  types::EncodeVarint(samples_.size(), out);
  for (const Stats& s : samples_) {
    PutFixed(s.value, out);
    types::EncodeVarint(static_cast<uint64_t>(s.g), out);
    types::EncodeVarint(static_cast<uint64_t>(s.delta), out);
  }
}

bool QuantileSummaries::Deserialize(std::string_view* in) {
  std::string_view bytes = *in;
  uint64_t count, num_samples;
  if (!types::DecodeVarint(&bytes, &count) || !types::DecodeVarint(&bytes, &num_samples)) return false;
  // Each sample takes at least 10 bytes.
  if (num_samples > bytes.size() / 10 || count > static_cast<uint64_t>(INT64_MAX) || (count == 0) != (num_samples == 0)) {
    return false;
  }
  std::vector<Stats> samples;
  samples.reserve(num_samples);
  uint64_t total_g = 0;
  for (uint64_t i = 0; i < num_samples; ++i) {
    Stats s;
    uint64_t g, delta;
    if (!GetFixed(&bytes, &s.value) || !types::DecodeVarint(&bytes, &g) || !types::DecodeVarint(&bytes, &delta)) return false;
    if (g > count || delta > count) return false;
    total_g += g;
    s.g = static_cast<int64_t>(g);
    s.delta = static_cast<int64_t>(delta);
    samples.push_back(s);
  }
  // Normally the g's add up to the count; NaN samples can make Spark drop one.
  if (total_g > count) return false;
  head_.clear();
  samples_ = std::move(samples);
  count_ = static_cast<int64_t>(count);
  *in = bytes;
  return true;
}

void QuantileSummaries::Clear() {
  std::vector<double>().swap(head_);
  std::vector<Stats>().swap(samples_);
  count_ = 0;
}

}  // namespace sluice::expr::aggregates
