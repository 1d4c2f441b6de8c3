#include "sluice/connectors/file/json_record_parser.h"

#include <simdjson.h>

#include <cmath>
#include <limits>
#include <unordered_map>
#include <vector>

#include "sluice/connectors/file/json_text.h"
#include "sluice/connectors/file/simdjson_values.h"
#include "sluice/connectors/file/value_text.h"

namespace sluice::connectors {
namespace {

namespace dom = simdjson::dom;
using types::Column;
using types::DataType;
using types::TypeId;

static_assert(simdjson::SIMDJSON_PADDING <= kReadPadding, "file buffers must be padded for simdjson");

constexpr size_t kMaxRecordInError = 200;

bool IsBlank(std::string_view line) {
  for (char c : line) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

// Appends a JSON value's text, as Jackson's copyCurrentStructure writes it.
void AppendJsonText(dom::element e, std::string* out) {
  switch (e.type()) {
    case dom::element_type::OBJECT: {
      dom::object obj;
      obj = DomValue(e.get_object());
      out->push_back('{');
      bool first = true;
      for (dom::key_value_pair field : obj) {
        if (!first) out->push_back(',');
        first = false;
        AppendJsonString(field.key, out);
        out->push_back(':');
        AppendJsonText(field.value, out);
      }
      out->push_back('}');
      break;
    }
    case dom::element_type::ARRAY: {
      dom::array arr;
      arr = DomValue(e.get_array());
      out->push_back('[');
      bool first = true;
      for (dom::element child : arr) {
        if (!first) out->push_back(',');
        first = false;
        AppendJsonText(child, out);
      }
      out->push_back(']');
      break;
    }
    case dom::element_type::INT64: {
      int64_t v = 0;
      v = DomValue(e.get_int64());
      out->append(std::to_string(v));
      break;
    }
    case dom::element_type::UINT64: {
      uint64_t v = 0;
      v = DomValue(e.get_uint64());
      out->append(std::to_string(v));
      break;
    }
    case dom::element_type::DOUBLE: {
      double v = 0;
      v = DomValue(e.get_double());
      AppendJsonDouble(v, out);
      break;
    }
    case dom::element_type::STRING: {
      std::string_view v;
      v = DomValue(e.get_string());
      AppendJsonString(v, out);
      break;
    }
    case dom::element_type::BOOL: {
      bool v = false;
      v = DomValue(e.get_bool());
      out->append(v ? "true" : "false");
      break;
    }
    case dom::element_type::NULL_VALUE: out->append("null"); break;
  }
}

const char* JsonKindName(dom::element_type type) {
  switch (type) {
    case dom::element_type::OBJECT: return "an object";
    case dom::element_type::ARRAY: return "an array";
    case dom::element_type::INT64:
    case dom::element_type::UINT64: return "an integer";
    case dom::element_type::DOUBLE: return "a number";
    case dom::element_type::STRING: return "a string";
    case dom::element_type::BOOL: return "a boolean";
    case dom::element_type::NULL_VALUE: return "null";
  }
  return "a value";
}

// Top-level field names of the schema -> position in the builder's data fields. Records
// usually list their fields in the same order, so the field after the last match is
// tried first.
class FieldLookup {
 public:
  void Add(std::string_view name) {
    if (positions_.count(name) > 0) return;
    positions_.emplace(name, names_.size());
    names_.push_back(name);
  }
  void StartRecord() { next_ = 0; }
  // Position of `key`, or -1.
  int Find(std::string_view key) {
    if (next_ < names_.size() && names_[next_] == key) return static_cast<int>(next_++);
    auto it = positions_.find(key);
    if (it == positions_.end()) return -1;
    next_ = it->second + 1;
    return static_cast<int>(it->second);
  }

 private:
  std::vector<std::string_view> names_;
  std::unordered_map<std::string_view, size_t> positions_;
  size_t next_ = 0;
};

}  // namespace

class JsonRecordParser::Impl {
 public:
  explicit Impl(const FileReadOptions& options) : options_(options) {}

  Status Parse(const FileContents& contents, const std::string& display, RecordBatchBuilder* builder) {
    builder_ = builder;
    display_ = &display;
    const types::Schema& schema = builder->schema();
    lookup_ = FieldLookup();
    fields_.clear();
    for (int index : builder->data_fields()) {
      lookup_.Add(schema.field(index).name);
      fields_.push_back(&schema.field(index));
    }
    slots_.assign(fields_.size(), dom::element());
    slot_stamps_.assign(fields_.size(), 0);
    stamp_ = 0;

    std::string_view text = contents.view();
    // A UTF-8 byte order mark is not part of the first record.
    size_t skip = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    LineReader lines(text.substr(skip));
    std::string_view line;
    size_t position = 0;
    while (lines.Next(&line)) {
      size_t consumed = lines.position() - position;
      position = lines.position();
      if (IsBlank(line)) continue;
      line_number_ = lines.line_number();
      dom::element root;
      simdjson::error_code error = parser_.parse(line.data(), line.size(), /*realloc_if_needed=*/false).get(root);
      if (error) {
        SLUICE_RETURN_IF_ERROR(Malformed(line, std::string("invalid JSON: ") + simdjson::error_message(error), consumed));
        continue;
      }
      if (root.type() == dom::element_type::OBJECT) {
        dom::object obj;
        obj = DomValue(root.get_object());
        SLUICE_RETURN_IF_ERROR(Record(obj, line, consumed));
      } else if (root.type() == dom::element_type::ARRAY) {
        dom::array arr;
        arr = DomValue(root.get_array());
        // Spark reads a top-level array of objects as one row per object; anything else
        // in it makes the whole line malformed.
        bool all_objects = true;
        for (dom::element child : arr) all_objects = all_objects && child.type() == dom::element_type::OBJECT;
        if (!all_objects) {
          SLUICE_RETURN_IF_ERROR(Malformed(line, "a top-level array must hold only objects", consumed));
          continue;
        }
        for (dom::element child : arr) {
          dom::object obj;
          obj = DomValue(child.get_object());
          SLUICE_RETURN_IF_ERROR(Record(obj, line, consumed));
          consumed = 0;
        }
      } else {
        SLUICE_RETURN_IF_ERROR(Malformed(
            line, std::string("a record must be a JSON object, not ") + JsonKindName(root.type()), consumed));
      }
    }
    return Status::OK();
  }

 private:
  // A record that could not be parsed at all: every field NULL.
  Status Malformed(std::string_view line, const std::string& reason, size_t consumed) {
    switch (options_.mode) {
      case ParseMode::kFailFast: return MalformedRecordError(*display_, line_number_, reason, line);
      case ParseMode::kDropMalformed: return Status::OK();
      case ParseMode::kPermissive: break;
    }
    for (int index : builder_->data_fields()) builder_->column(index)->AppendNull();
    if (builder_->corrupt_field() >= 0) builder_->column(builder_->corrupt_field())->AppendString(line);
    builder_->FinishRow(consumed);
    return Status::OK();
  }

  Status Record(dom::object obj, std::string_view line, size_t consumed) {
    ++stamp_;
    lookup_.StartRecord();
    for (dom::key_value_pair field : obj) {
      int position = lookup_.Find(field.key);
      if (position < 0) continue;
      slots_[position] = field.value;
      slot_stamps_[position] = stamp_;
    }
    const std::vector<int>& data_fields = builder_->data_fields();
    if (options_.mode == ParseMode::kDropMalformed) {
      // Check first, so that a dropped record leaves no values behind.
      for (size_t k = 0; k < fields_.size(); ++k) {
        if (slot_stamps_[k] == stamp_ && !Convert<false>(slots_[k], *fields_[k]->type, nullptr)) return Status::OK();
      }
    }
    bool bad = false;
    for (size_t k = 0; k < fields_.size(); ++k) {
      Column* column = builder_->column(data_fields[k]);
      if (slot_stamps_[k] != stamp_) {
        column->AppendNull();
        continue;
      }
      if (Convert<true>(slots_[k], *fields_[k]->type, column)) continue;
      if (options_.mode == ParseMode::kFailFast) {
        std::string reason = "field '" + fields_[k]->name + "': " + JsonKindName(slots_[k].type()) + " (";
        AppendJsonText(slots_[k], &reason);
        reason += ") cannot be read as " + fields_[k]->type->ToString();
        return MalformedRecordError(*display_, line_number_, reason, line);
      }
      column->AppendNull();
      bad = true;
    }
    if (builder_->corrupt_field() >= 0) {
      Column* corrupt = builder_->column(builder_->corrupt_field());
      if (bad) {
        corrupt->AppendString(line);
      } else {
        corrupt->AppendNull();
      }
    }
    builder_->FinishRow(consumed);
    return Status::OK();
  }

  // Converts `e` to `type`. With kAppend, appends exactly one value to `column` on
  // success and nothing on failure; without, only checks.
  template <bool kAppend>
  bool Convert(dom::element e, const DataType& type, Column* column) {
    dom::element_type kind = e.type();
    if (kind == dom::element_type::NULL_VALUE) {
      if constexpr (kAppend) column->AppendNull();
      return true;
    }
    switch (type.id()) {
      case TypeId::kBoolean: {
        if (kind != dom::element_type::BOOL) return false;
        if constexpr (kAppend) {
          bool v = false;
          v = DomValue(e.get_bool());
          column->AppendBool(v);
        }
        return true;
      }
      case TypeId::kInt:
      case TypeId::kBigint: {
        if (kind != dom::element_type::INT64) return false;
        int64_t v = 0;
        v = DomValue(e.get_int64());
        if (type.id() == TypeId::kInt) {
          if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) return false;
          if constexpr (kAppend) column->AppendInt32(static_cast<int32_t>(v));
        } else if constexpr (kAppend) {
          column->AppendInt64(v);
        }
        return true;
      }
      case TypeId::kDouble: {
        double v = 0;
        if (kind == dom::element_type::INT64 || kind == dom::element_type::UINT64 || kind == dom::element_type::DOUBLE) {
          v = DomValue(e.get_double());
        } else if (kind == dom::element_type::STRING) {
          std::string_view s;
          s = DomValue(e.get_string());
          if (s == "NaN" || s == "+NaN" || s == "-NaN") {
            v = std::numeric_limits<double>::quiet_NaN();
          } else if (s == "Infinity" || s == "+Infinity" || s == "INF" || s == "+INF") {
            v = std::numeric_limits<double>::infinity();
          } else if (s == "-Infinity" || s == "-INF") {
            v = -std::numeric_limits<double>::infinity();
          } else {
            return false;
          }
        } else {
          return false;
        }
        if constexpr (kAppend) column->AppendDouble(v);
        return true;
      }
      case TypeId::kString: {
        if (kind == dom::element_type::STRING) {
          if constexpr (kAppend) {
            std::string_view s;
            s = DomValue(e.get_string());
            column->AppendString(s);
          }
          return true;
        }
        if constexpr (kAppend) {
          scratch_.clear();
          AppendJsonText(e, &scratch_);
          column->AppendString(scratch_);
        }
        return true;
      }
      case TypeId::kBinary: {
        if (kind != dom::element_type::STRING) return false;
        std::string_view s;
        s = DomValue(e.get_string());
        if (!DecodeBase64(s, &scratch_)) return false;
        if constexpr (kAppend) column->AppendString(scratch_);
        return true;
      }
      case TypeId::kTimestamp: {
        int64_t micros = 0;
        if (kind == dom::element_type::STRING) {
          std::string_view s;
          s = DomValue(e.get_string());
          if (s.empty() || !ParseTimestampText(s, options_, &micros)) return false;
        } else if (kind == dom::element_type::INT64) {
          // Spark reads a number as seconds since the epoch.
          int64_t seconds = 0;
          seconds = DomValue(e.get_int64());
          if (__builtin_mul_overflow(seconds, kMicrosPerSecond, &micros)) return false;
        } else {
          return false;
        }
        if constexpr (kAppend) column->AppendInt64(micros);
        return true;
      }
      case TypeId::kDate: {
        if (kind != dom::element_type::STRING) return false;
        std::string_view s;
        s = DomValue(e.get_string());
        int32_t days = 0;
        if (s.empty() || !ParseDateText(s, options_, &days)) return false;
        if constexpr (kAppend) column->AppendInt32(days);
        return true;
      }
      case TypeId::kArray: {
        if (kind != dom::element_type::ARRAY) return false;
        dom::array arr;
        arr = DomValue(e.get_array());
        const DataType& element_type = *type.element();
        if constexpr (kAppend) {
          if (!Convert<false>(e, type, nullptr)) return false;
          Column* child = column->mutable_children()[0].get();
          for (dom::element item : arr) Convert<true>(item, element_type, child);
          column->FinishArrayRow();
        } else {
          for (dom::element item : arr) {
            if (!Convert<false>(item, element_type, nullptr)) return false;
          }
        }
        return true;
      }
      case TypeId::kStruct: {
        if (kind != dom::element_type::OBJECT) return false;
        dom::object obj;
        obj = DomValue(e.get_object());
        const auto& fields = type.fields();
        if constexpr (kAppend) {
          if (!Convert<false>(e, type, nullptr)) return false;
        }
        for (size_t f = 0; f < fields.size(); ++f) {
          // The last occurrence of the name wins, as in Spark.
          dom::element value;
          bool found = false;
          for (dom::key_value_pair field : obj) {
            if (field.key == fields[f].name) {
              value = field.value;
              found = true;
            }
          }
          if constexpr (kAppend) {
            Column* child = column->mutable_children()[f].get();
            if (found) {
              Convert<true>(value, *fields[f].type, child);
            } else {
              child->AppendNull();
            }
          } else if (found && !Convert<false>(value, *fields[f].type, nullptr)) {
            return false;
          }
        }
        if constexpr (kAppend) column->FinishStructRow();
        return true;
      }
      case TypeId::kNull: return false;
    }
    return false;
  }

  const FileReadOptions& options_;
  dom::parser parser_;
  RecordBatchBuilder* builder_ = nullptr;
  const std::string* display_ = nullptr;
  int64_t line_number_ = 0;
  FieldLookup lookup_;
  std::vector<const types::StructField*> fields_;  // per data field position
  std::vector<dom::element> slots_;
  std::vector<uint64_t> slot_stamps_;
  uint64_t stamp_ = 0;
  std::string scratch_;
};

JsonRecordParser::JsonRecordParser(const FileReadOptions& options) : impl_(std::make_unique<Impl>(options)) {}
JsonRecordParser::~JsonRecordParser() = default;

Status JsonRecordParser::Parse(const FileContents& contents, const std::string& display, RecordBatchBuilder* builder) {
  return impl_->Parse(contents, display, builder);
}

Status MalformedRecordError(const std::string& display, int64_t line_number, const std::string& reason,
                            std::string_view record) {
  std::string shown(record.substr(0, kMaxRecordInError));
  if (record.size() > kMaxRecordInError) shown += "...";
  return Status::ExecutionError(
      "Malformed records are detected in record parsing. Parse Mode: FAILFAST. To process malformed records as null "
      "result, try setting the option 'mode' as 'PERMISSIVE'. (" +
      display + ", line " + std::to_string(line_number) + ": " + reason + ": " + shown + ")");
}

}  // namespace sluice::connectors
