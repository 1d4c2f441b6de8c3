#include "sluice/checkpoint/offset_seq.h"

#include "sluice/checkpoint/log_file_format.h"

namespace sluice::checkpoint {

namespace {

constexpr const char* kWatermarkKey = "batchWatermarkMs";
constexpr const char* kTimestampKey = "batchTimestampMs";
constexpr const char* kConfKey = "conf";
// Spark's OffsetSeqLog.SERIALIZED_VOID_OFFSET: a source without an offset.
constexpr std::string_view kNoOffset = "-";

bool IsReservedKey(const std::string& key) {
  return key == kWatermarkKey || key == kTimestampKey || key == kConfKey;
}

}  // namespace

Result<std::string> SerializeOffsetSeq(const OffsetSeq& seq) {
  if (!seq.extra.is_null() && !seq.extra.is_object()) {
    return Status::InvalidArgument("offset log metadata 'extra' must be a JSON object, got " + seq.extra.dump());
  }
  std::string out = "v" + std::to_string(kOffsetLogVersion) + "\n";
  // Spark's field order: batchWatermarkMs, batchTimestampMs, conf.
  out += "{\"batchWatermarkMs\":" + std::to_string(seq.batch_watermark_ms);
  out += ",\"batchTimestampMs\":" + std::to_string(seq.batch_timestamp_ms);
  SLUICE_ASSIGN_OR_RETURN(std::string conf, DumpJson(nlohmann::json(seq.conf), "offset log conf"));
  out += ",\"conf\":" + conf;
  if (seq.extra.is_object()) {
    for (const auto& [key, value] : seq.extra.items()) {
      if (IsReservedKey(key)) {
        return Status::InvalidArgument("offset log metadata 'extra' may not use the reserved key '" + key + "'");
      }
      SLUICE_ASSIGN_OR_RETURN(std::string k, DumpJson(nlohmann::json(key), "offset log metadata key"));
      SLUICE_ASSIGN_OR_RETURN(std::string v, DumpJson(value, "offset log metadata '" + key + "'"));
      out += "," + k + ":" + v;
    }
  }
  out += "}";
  for (size_t i = 0; i < seq.offsets.size(); ++i) {
    out += "\n";
    if (seq.offsets[i].is_null()) {
      out += kNoOffset;
    } else {
      SLUICE_ASSIGN_OR_RETURN(std::string offset, DumpJson(seq.offsets[i], "offset of source " + std::to_string(i)));
      out += offset;
    }
  }
  return out;
}

Result<OffsetSeq> ParseOffsetSeq(std::string_view bytes, const std::string& path) {
  std::vector<std::string_view> lines = SplitLines(bytes);
  if (lines.empty()) {
    return CorruptFile(path, "the file is empty (expected version line 'v" + std::to_string(kOffsetLogVersion) + "')");
  }
  SLUICE_RETURN_IF_ERROR(CheckVersionLine(lines[0], kOffsetLogVersion, path));
  if (lines.size() < 2) return CorruptFile(path, "it ends after the version line; expected the batch metadata on line 2");

  OffsetSeq seq;
  std::string_view metadata_line = lines[1];
  while (!metadata_line.empty() && (metadata_line.back() == ' ' || metadata_line.back() == '\t')) {
    metadata_line.remove_suffix(1);
  }
  // Spark writes an empty metadata line when a batch has no metadata.
  if (!metadata_line.empty()) {
    SLUICE_ASSIGN_OR_RETURN(nlohmann::json metadata, ParseJson(metadata_line, path, "line 2 (batch metadata)"));
    if (!metadata.is_object()) {
      return CorruptFile(path, "line 2 (batch metadata) must be a JSON object, found " + QuoteForError(metadata_line));
    }
    SLUICE_ASSIGN_OR_RETURN(seq.batch_watermark_ms, GetInt64Field(metadata, kWatermarkKey, 0, path));
    SLUICE_ASSIGN_OR_RETURN(seq.batch_timestamp_ms, GetInt64Field(metadata, kTimestampKey, 0, path));
    for (const auto& [key, value] : metadata.items()) {
      if (key == kConfKey) {
        if (value.is_null()) continue;
        if (!value.is_object()) return CorruptFile(path, "field 'conf' must be a JSON object, found " + QuoteForError(value.dump()));
        for (const auto& [conf_key, conf_value] : value.items()) {
          if (!conf_value.is_string()) {
            return CorruptFile(path, "conf value of '" + conf_key + "' must be a string, found " +
                                         QuoteForError(conf_value.dump()));
          }
          seq.conf[conf_key] = conf_value.get<std::string>();
        }
      } else if (!IsReservedKey(key)) {
        seq.extra[key] = value;
      }
    }
  }
  seq.offsets.reserve(lines.size() - 2);
  for (size_t i = 2; i < lines.size(); ++i) {
    const std::string what = "line " + std::to_string(i + 1) + " (offset of source " + std::to_string(i - 2) + ")";
    if (lines[i] == kNoOffset) {
      seq.offsets.emplace_back(nullptr);
      continue;
    }
    if (lines[i].empty()) return CorruptFile(path, what + " is empty; expected offset JSON or '-'");
    SLUICE_ASSIGN_OR_RETURN(nlohmann::json offset, ParseJson(lines[i], path, what));
    seq.offsets.push_back(std::move(offset));
  }
  return seq;
}

}  // namespace sluice::checkpoint
