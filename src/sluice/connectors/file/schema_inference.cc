#include "sluice/connectors/file/schema_inference.h"

#include <simdjson.h>

#include <map>
#include <memory>

#include "sluice/common/strings.h"
#include "sluice/connectors/file/csv_record_parser.h"
#include "sluice/connectors/file/file_io.h"
#include "sluice/connectors/file/json_record_parser.h"
#include "sluice/connectors/file/partition_path.h"
#include "sluice/connectors/file/record_batch_builder.h"
#include "sluice/connectors/file/simdjson_values.h"
#include "sluice/connectors/file/value_text.h"

namespace sluice::connectors {
namespace {

namespace dom = simdjson::dom;
using types::DataType;
using types::TypePtr;

// A JSON type being inferred.
struct Inferred {
  enum class Kind : uint8_t { kNull, kBool, kLong, kDouble, kString, kArray, kStruct } kind = Kind::kNull;
  std::map<std::string, Inferred> fields;  // kStruct; sorted by name as Spark sorts them
  std::unique_ptr<Inferred> element;       // kArray

  Inferred() = default;
  explicit Inferred(Kind k) : kind(k) {}
  Inferred(const Inferred& o) : kind(o.kind), fields(o.fields), element(o.element ? new Inferred(*o.element) : nullptr) {}
  Inferred& operator=(const Inferred& o) {
    if (this != &o) {
      kind = o.kind;
      fields = o.fields;
      element.reset(o.element ? new Inferred(*o.element) : nullptr);
    }
    return *this;
  }
};

// Spark's JsonInferSchema.compatibleType.
void Merge(Inferred* into, const Inferred& other) {
  using Kind = Inferred::Kind;
  if (other.kind == Kind::kNull) return;
  if (into->kind == Kind::kNull) {
    *into = other;
    return;
  }
  if (into->kind == other.kind) {
    if (into->kind == Kind::kStruct) {
      for (const auto& [name, type] : other.fields) Merge(&into->fields[name], type);
    } else if (into->kind == Kind::kArray) {
      if (!into->element) into->element = std::make_unique<Inferred>();
      if (other.element) Merge(into->element.get(), *other.element);
    }
    return;
  }
  if ((into->kind == Kind::kLong && other.kind == Kind::kDouble) ||
      (into->kind == Kind::kDouble && other.kind == Kind::kLong)) {
    into->kind = Kind::kDouble;
    return;
  }
  *into = Inferred(Kind::kString);
}

Inferred InferElement(dom::element e) {
  using Kind = Inferred::Kind;
  switch (e.type()) {
    case dom::element_type::NULL_VALUE: return Inferred(Kind::kNull);
    case dom::element_type::BOOL: return Inferred(Kind::kBool);
    case dom::element_type::INT64: return Inferred(Kind::kLong);
    case dom::element_type::UINT64:
    case dom::element_type::DOUBLE: return Inferred(Kind::kDouble);
    case dom::element_type::STRING: return Inferred(Kind::kString);
    case dom::element_type::ARRAY: {
      Inferred out(Kind::kArray);
      out.element = std::make_unique<Inferred>();
      dom::array arr;
      arr = DomValue(e.get_array());
      for (dom::element item : arr) Merge(out.element.get(), InferElement(item));
      return out;
    }
    case dom::element_type::OBJECT: {
      Inferred out(Kind::kStruct);
      dom::object obj;
      obj = DomValue(e.get_object());
      for (dom::key_value_pair field : obj) Merge(&out.fields[std::string(field.key)], InferElement(field.value));
      return out;
    }
  }
  return Inferred(Kind::kString);
}

TypePtr ToType(const Inferred& t) {
  using Kind = Inferred::Kind;
  switch (t.kind) {
    case Kind::kNull:
    case Kind::kString: return DataType::String();
    case Kind::kBool: return DataType::Boolean();
    case Kind::kLong: return DataType::Bigint();
    case Kind::kDouble: return DataType::Double();
    case Kind::kArray: return DataType::Array(t.element ? ToType(*t.element) : DataType::String());
    case Kind::kStruct: {
      std::vector<types::StructField> fields;
      for (const auto& [name, type] : t.fields) fields.push_back({name, ToType(type), true});
      return DataType::Struct(std::move(fields));
    }
  }
  return DataType::String();
}

bool IsBlank(std::string_view line) {
  for (char c : line) {
    if (static_cast<unsigned char>(c) > ' ') return false;
  }
  return true;
}

Result<FileContents> ReadForInference(const std::string& path, const FileReadOptions& options, bool* skip) {
  ReadFailure failure = ReadFailure::kNone;
  Result<FileContents> contents = ReadDataFile(path, PathToUri(path), &failure);
  *skip = !contents.ok() && ((failure == ReadFailure::kMissing && options.ignore_missing_files) ||
                             (failure == ReadFailure::kCorrupt && options.ignore_corrupt_files));
  return contents;
}

}  // namespace

Result<types::SchemaPtr> InferJsonSchema(const std::vector<std::string>& files, const FileReadOptions& options) {
  Inferred root(Inferred::Kind::kStruct);
  bool any = false;
  bool malformed = false;
  dom::parser parser;
  for (const auto& path : files) {
    bool skip = false;
    Result<FileContents> contents = ReadForInference(path, options, &skip);
    if (skip) continue;
    if (!contents.ok()) return contents.status();
    LineReader lines(contents->view());
    std::string_view line;
    while (lines.Next(&line)) {
      if (IsBlank(line)) continue;
      dom::element e;
      bool ok = !parser.parse(line.data(), line.size(), false).get(e);
      if (ok && e.type() == dom::element_type::ARRAY) {
        dom::array arr;
        arr = DomValue(e.get_array());
        for (dom::element item : arr) ok = ok && item.type() == dom::element_type::OBJECT;
        if (ok) {
          for (dom::element item : arr) {
            Merge(&root, InferElement(item));
            any = true;
          }
          continue;
        }
      }
      if (ok && e.type() == dom::element_type::OBJECT) {
        Merge(&root, InferElement(e));
        any = true;
        continue;
      }
      if (options.mode == ParseMode::kFailFast) {
        return MalformedRecordError(PathToUri(path), lines.line_number(), "not a JSON object", line);
      }
      if (options.mode == ParseMode::kPermissive) malformed = true;
    }
  }
  if (malformed) {
    root.fields[options.corrupt_column] = Inferred(Inferred::Kind::kString);
    any = true;
  }
  if (!any || root.fields.empty()) {
    return Status::AnalysisError("Unable to infer schema for JSON. It must be specified manually.");
  }
  std::vector<types::StructField> fields;
  for (const auto& [name, type] : root.fields) fields.push_back({name, ToType(type), true});
  return std::make_shared<types::Schema>(std::move(fields));
}

Result<types::SchemaPtr> InferCsvSchema(const std::vector<std::string>& files, const FileReadOptions& options) {
  CsvTokenizer tokenizer(options.csv);
  for (const auto& path : files) {
    bool skip = false;
    Result<FileContents> contents = ReadForInference(path, options, &skip);
    if (skip) continue;
    if (!contents.ok()) return contents.status();
    std::string_view text = contents->view();
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    LineReader lines(text);
    std::string_view line;
    while (lines.Next(&line)) {
      if (IsBlank(line) || (options.csv.comment != '\0' && line[0] == options.csv.comment)) continue;
      std::vector<CsvToken> tokens;
      tokenizer.Split(line, &tokens);
      std::vector<std::string> names;
      for (size_t i = 0; i < tokens.size(); ++i) {
        std::string name = options.csv.header ? std::string(tokenizer.Text(line, tokens[i])) : "";
        if (name.empty() || name == options.csv.null_value) name = "_c" + std::to_string(i);
        names.push_back(std::move(name));
      }
      // Spark's CSVUtils.makeSafeHeader: duplicates (ignoring case) get their index appended.
      std::map<std::string, int> counts;
      for (const auto& n : names) ++counts[AsciiLower(n)];
      std::vector<types::StructField> fields;
      for (size_t i = 0; i < names.size(); ++i) {
        std::string name = counts[AsciiLower(names[i])] > 1 ? names[i] + std::to_string(i) : names[i];
        fields.push_back({name, DataType::String(), true});
      }
      return std::make_shared<types::Schema>(std::move(fields));
    }
  }
  return Status::AnalysisError("Unable to infer schema for CSV. It must be specified manually.");
}

types::SchemaPtr AddPartitionColumns(types::SchemaPtr schema, const std::string& base_dir,
                                     const std::vector<std::string>& files) {
  enum class Kind : uint8_t { kNone, kInt, kBigint, kDouble, kString };
  std::vector<std::string> names;
  std::map<std::string, Kind> kinds;  // by lower-case name
  for (const auto& file : files) {
    for (const PartitionValue& pv : PartitionValuesOf(base_dir, file)) {
      std::string key = AsciiLower(pv.name);
      if (schema->FieldIndex(pv.name) >= 0) continue;
      if (kinds.count(key) == 0) {
        names.push_back(pv.name);
        kinds[key] = Kind::kNone;
      }
      if (!pv.value) continue;
      Kind kind;
      int32_t i32;
      int64_t i64;
      double d;
      if (ParseJavaInt(*pv.value, &i32)) {
        kind = Kind::kInt;
      } else if (ParseJavaLong(*pv.value, &i64)) {
        kind = Kind::kBigint;
      } else if (ParseJavaDouble(*pv.value, &d)) {
        kind = Kind::kDouble;
      } else {
        kind = Kind::kString;
      }
      kinds[key] = std::max(kinds[key], kind);
    }
  }
  if (names.empty()) return schema;
  std::vector<types::StructField> fields = schema->fields();
  for (const auto& name : names) {
    Kind kind = kinds[AsciiLower(name)];
    TypePtr type = kind == Kind::kInt      ? DataType::Int()
                   : kind == Kind::kBigint ? DataType::Bigint()
                   : kind == Kind::kDouble ? DataType::Double()
                                           : DataType::String();
    fields.push_back({name, type, true});
  }
  return std::make_shared<types::Schema>(std::move(fields));
}

}  // namespace sluice::connectors
