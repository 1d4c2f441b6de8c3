#include "sluice/scenario/report.h"

#include <algorithm>
#include <cstdint>

#include "sluice/scenario/values.h"

namespace sluice::scenario {

namespace {

constexpr size_t kMaxLeftWidth = 60;
constexpr size_t kMaxLinesInFull = 80;   // beyond this, only mismatched lines are shown
constexpr size_t kMaxMismatchLines = 80;

std::string Plural(int64_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

struct Line {
  std::string left, right;
  bool mismatch = false;
};

}  // namespace

std::string DescribeRowCounts(const RowDiff& diff) {
  std::string out = Plural(diff.num_missing, "missing row") + ", " + Plural(diff.num_extra, "extra row");
  if (diff.same_rows_other_order) out += " (the same rows arrived in another order; this check is ordered)";
  return out;
}

std::string FormatRowDiff(const std::vector<Json>& expected, const std::vector<Json>& actual, const RowDiff& diff) {
  std::vector<Line> lines;
  auto cell = [](const char* mark, const Json& row) { return std::string(mark) + RenderJson(row); };
  if (diff.ordered) {
    for (size_t i = 0; i < std::max(expected.size(), actual.size()); ++i) {
      Line line;
      bool matched = i < expected.size() && diff.expected_match[i] >= 0;
      if (i < expected.size()) line.left = cell(matched ? "  " : "- ", expected[i]);
      if (i < actual.size()) line.right = cell(matched ? "  " : "+ ", actual[i]);
      line.mismatch = !matched;
      lines.push_back(std::move(line));
    }
  } else {
    for (size_t i = 0; i < expected.size(); ++i) {
      int64_t j = diff.expected_match[i];
      if (j >= 0) {
        lines.push_back({cell("  ", expected[i]), cell("  ", actual[j]), false});
      } else {
        lines.push_back({cell("- ", expected[i]), "", true});
      }
    }
    for (size_t j = 0; j < actual.size(); ++j) {
      if (diff.actual_match[j] < 0) lines.push_back({"", cell("+ ", actual[j]), true});
    }
  }

  size_t num_hidden = 0;
  if (lines.size() > kMaxLinesInFull) {
    std::vector<Line> shown;
    for (auto& line : lines) {
      if (line.mismatch && shown.size() < kMaxMismatchLines) {
        shown.push_back(std::move(line));
      } else {
        ++num_hidden;
      }
    }
    lines = std::move(shown);
  }

  std::string left_header = "expected (" + Plural(static_cast<int64_t>(expected.size()), "row") + ")";
  std::string right_header = "actual (" + Plural(static_cast<int64_t>(actual.size()), "row") + ")";
  size_t width = left_header.size();
  for (const auto& line : lines) width = std::max(width, std::min(line.left.size(), kMaxLeftWidth));

  std::string out;
  auto emit = [&](const std::string& left, const std::string& right) {
    std::string text = left;
    if (text.size() < width) text.append(width - text.size(), ' ');
    text += " |";
    if (!right.empty()) text += " " + right;
    out += text + "\n";
  };
  emit(left_header, right_header);
  for (const auto& line : lines) emit(line.left, line.right);
  if (num_hidden > 0) out += "(" + Plural(static_cast<int64_t>(num_hidden), "other line") + " not shown)\n";
  out += DescribeRowCounts(diff) + "\n";
  return out;
}

std::string FormatErrorMismatch(const std::string& expected_text, const std::optional<std::string>& actual_message) {
  std::string out = "expected an error containing: " + expected_text + "\n";
  if (actual_message) {
    out += "actual error: " + *actual_message + "\n";
  } else {
    out += "actual: no error; the query ran without failing\n";
  }
  return out;
}

std::string FormatProgressMismatches(const std::vector<ProgressMismatch>& mismatches, const std::string& which_report,
                                     const Json& progress) {
  std::string out;
  for (const auto& m : mismatches) {
    out += "path: " + m.path + "\n";
    out += "  expected: " + (m.expected == Json("<absent>") ? std::string("<absent>") : RenderJson(m.expected)) + "\n";
    out += "  actual:   " + (m.actual ? RenderJson(*m.actual) : std::string("<absent>")) + "\n";
  }
  out += which_report + ":\n";
  out += Indent(progress.dump(2, ' ', false, Json::error_handler_t::replace), 2) + "\n";
  return out;
}

std::string Indent(const std::string& text, int spaces) {
  std::string pad(static_cast<size_t>(spaces), ' ');
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out += pad;
    out.append(text, start, end - start);
    if (end < text.size()) out += '\n';
    start = end + 1;
  }
  return out;
}

}  // namespace sluice::scenario
