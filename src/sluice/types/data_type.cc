#include "sluice/types/data_type.h"

#include <algorithm>
#include <cctype>

#include "sluice/types/schema.h"

namespace sluice::types {

namespace {
TypePtr MakePrimitive(TypeId id) { return std::make_shared<DataType>(id, std::vector<StructField>{}, nullptr); }

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}
}  // namespace

TypePtr DataType::Null() { static TypePtr t = MakePrimitive(TypeId::kNull); return t; }
TypePtr DataType::Boolean() { static TypePtr t = MakePrimitive(TypeId::kBoolean); return t; }
TypePtr DataType::Int() { static TypePtr t = MakePrimitive(TypeId::kInt); return t; }
TypePtr DataType::Bigint() { static TypePtr t = MakePrimitive(TypeId::kBigint); return t; }
TypePtr DataType::Double() { static TypePtr t = MakePrimitive(TypeId::kDouble); return t; }
TypePtr DataType::String() { static TypePtr t = MakePrimitive(TypeId::kString); return t; }
TypePtr DataType::Binary() { static TypePtr t = MakePrimitive(TypeId::kBinary); return t; }
TypePtr DataType::Timestamp() { static TypePtr t = MakePrimitive(TypeId::kTimestamp); return t; }
TypePtr DataType::Date() { static TypePtr t = MakePrimitive(TypeId::kDate); return t; }

TypePtr DataType::Struct(std::vector<StructField> fields) {
  return std::make_shared<DataType>(TypeId::kStruct, std::move(fields), nullptr);
}
TypePtr DataType::Array(TypePtr element) {
  return std::make_shared<DataType>(TypeId::kArray, std::vector<StructField>{}, std::move(element));
}

TypePtr DataType::FromId(TypeId id) {
  switch (id) {
    case TypeId::kNull: return Null();
    case TypeId::kBoolean: return Boolean();
    case TypeId::kInt: return Int();
    case TypeId::kBigint: return Bigint();
    case TypeId::kDouble: return Double();
    case TypeId::kString: return String();
    case TypeId::kBinary: return Binary();
    case TypeId::kTimestamp: return Timestamp();
    case TypeId::kDate: return Date();
    default: return nullptr;
  }
}

int DataType::FieldIndex(std::string_view name) const {
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (IEquals(fields_[i].name, name)) return static_cast<int>(i);
  }
  return -1;
}

int DataType::FixedWidth() const {
  switch (id_) {
    case TypeId::kBoolean: return 1;
    case TypeId::kInt:
    case TypeId::kDate: return 4;
    case TypeId::kBigint:
    case TypeId::kDouble:
    case TypeId::kTimestamp: return 8;
    default: return 0;
  }
}

bool DataType::Equals(const DataType& other) const {
  if (id_ != other.id_) return false;
  if (id_ == TypeId::kArray) return element_->Equals(*other.element_);
  if (id_ == TypeId::kStruct) {
    if (fields_.size() != other.fields_.size()) return false;
    for (size_t i = 0; i < fields_.size(); ++i) {
      if (fields_[i].name != other.fields_[i].name || !fields_[i].type->Equals(*other.fields_[i].type)) return false;
    }
  }
  return true;
}

std::string DataType::ToString() const {
  switch (id_) {
    case TypeId::kNull: return "VOID";
    case TypeId::kBoolean: return "BOOLEAN";
    case TypeId::kInt: return "INT";
    case TypeId::kBigint: return "BIGINT";
    case TypeId::kDouble: return "DOUBLE";
    case TypeId::kString: return "STRING";
    case TypeId::kBinary: return "BINARY";
    case TypeId::kTimestamp: return "TIMESTAMP";
    case TypeId::kDate: return "DATE";
    case TypeId::kArray: return "ARRAY<" + element_->ToString() + ">";
    case TypeId::kStruct: {
      std::string out = "STRUCT<";
      for (size_t i = 0; i < fields_.size(); ++i) {
        if (i) out += ", ";
        out += fields_[i].name + ": " + fields_[i].type->ToString();
      }
      return out + ">";
    }
  }
  return "?";
}

std::string DataType::SimpleString() const {
  switch (id_) {
    case TypeId::kNull: return "void";
    case TypeId::kInt: return "int";
    case TypeId::kArray: return "array<" + element_->SimpleString() + ">";
    case TypeId::kStruct: {
      std::string out = "struct<";
      for (size_t i = 0; i < fields_.size(); ++i) {
        if (i) out += ",";
        out += fields_[i].name + ":" + fields_[i].type->SimpleString();
      }
      return out + ">";
    }
    default: {
      std::string s = ToString();
      std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
      return s;
    }
  }
}

// A small recursive-descent parser shared by ParseDataType and Schema::Parse.
class TypeParser {
 public:
  explicit TypeParser(std::string_view text) : text_(text) {}

  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool AtEnd() {
    SkipSpace();
    return pos_ >= text_.size();
  }
  bool Consume(char c) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  Status Error(const std::string& expected) const {
    std::string found = pos_ < text_.size() ? "'" + std::string(text_.substr(pos_, 12)) + "'" : "end of input";
    return Status::ParseError("cannot parse schema '" + std::string(text_) + "' at position " +
                              std::to_string(pos_ + 1) + ": expected " + expected + ", found " + found);
  }
  Result<std::string> Identifier() {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == '`') {
      size_t end = text_.find('`', pos_ + 1);
      if (end == std::string_view::npos) return Error("closing backquote");
      std::string name(text_.substr(pos_ + 1, end - pos_ - 1));
      pos_ = end + 1;
      return name;
    }
    size_t start = pos_;
    while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) ++pos_;
    if (start == pos_) return Error("a name");
    return std::string(text_.substr(start, pos_ - start));
  }
  Result<TypePtr> Type() {
    if (++depth_ > kMaxDepth) return Error("a type nested at most 100 levels deep");
    struct Leave {
      int* d;
      ~Leave() { --*d; }
    } leave{&depth_};
    size_t start = pos_;
    SLUICE_ASSIGN_OR_RETURN(std::string name, Identifier());
    std::string upper = name;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
    if (upper == "BOOLEAN" || upper == "BOOL") return DataType::Boolean();
    if (upper == "INT" || upper == "INTEGER" || upper == "TINYINT" || upper == "SMALLINT" || upper == "BYTE" ||
        upper == "SHORT")
      return DataType::Int();
    if (upper == "BIGINT" || upper == "LONG") return DataType::Bigint();
    if (upper == "DOUBLE" || upper == "FLOAT" || upper == "REAL") return DataType::Double();
    if (upper == "STRING" || upper == "VARCHAR" || upper == "CHAR") {
      if (Consume('(')) {  // VARCHAR(10): the length is not enforced
        while (pos_ < text_.size() && text_[pos_] != ')') ++pos_;
        if (!Consume(')')) return Error("')'");
      }
      return DataType::String();
    }
    if (upper == "BINARY") return DataType::Binary();
    if (upper == "TIMESTAMP" || upper == "TIMESTAMP_LTZ") return DataType::Timestamp();
    if (upper == "DATE") return DataType::Date();
    if (upper == "ARRAY") {
      if (!Consume('<')) return Error("'<' after ARRAY");
      SLUICE_ASSIGN_OR_RETURN(TypePtr element, Type());
      if (!Consume('>')) return Error("'>' closing ARRAY<");
      return DataType::Array(element);
    }
    if (upper == "STRUCT") {
      if (!Consume('<')) return Error("'<' after STRUCT");
      std::vector<StructField> fields;
      if (!Consume('>')) {
        do {
          SLUICE_ASSIGN_OR_RETURN(std::string field_name, Identifier());
          Consume(':');
          SLUICE_ASSIGN_OR_RETURN(TypePtr field_type, Type());
          fields.push_back({field_name, field_type, true});
        } while (Consume(','));
        if (!Consume('>')) return Error("'>' closing STRUCT<");
      }
      return DataType::Struct(std::move(fields));
    }
    pos_ = start;
    return Error("a type (BOOLEAN, INT, BIGINT, DOUBLE, STRING, BINARY, TIMESTAMP, DATE, ARRAY<..>, STRUCT<..>)");
  }
  // Skips NOT NULL / NULL / COMMENT '...' after a field type.
  Result<bool> FieldModifiers() {
    bool nullable = true;
    while (true) {
      SkipSpace();
      size_t save = pos_;
      auto word = Identifier();
      if (!word.ok()) {
        pos_ = save;
        return nullable;
      }
      std::string w = *word;
      std::transform(w.begin(), w.end(), w.begin(), [](unsigned char c) { return std::toupper(c); });
      if (w == "NOT") {
        auto n = Identifier();
        if (!n.ok()) return n.status();
        nullable = false;
      } else if (w == "NULL") {
        nullable = true;
      } else if (w == "COMMENT") {
        SkipSpace();
        if (pos_ < text_.size() && (text_[pos_] == '\'' || text_[pos_] == '"')) {
          char q = text_[pos_];
          size_t end = text_.find(q, pos_ + 1);
          if (end == std::string_view::npos) return Error("closing quote of COMMENT");
          pos_ = end + 1;
        }
      } else {
        pos_ = save;
        return nullable;
      }
    }
  }
  size_t pos() const { return pos_; }

 private:
  static constexpr int kMaxDepth = 100;
  std::string_view text_;
  size_t pos_ = 0;
  int depth_ = 0;
};

Result<TypePtr> ParseDataType(std::string_view text) {
  TypeParser p(text);
  SLUICE_ASSIGN_OR_RETURN(TypePtr t, p.Type());
  if (!p.AtEnd()) return p.Error("end of type");
  return t;
}

Result<Schema> Schema::Parse(std::string_view ddl) {
  TypeParser p(ddl);
  std::vector<StructField> fields;
  if (p.AtEnd()) return Schema();
  do {
    SLUICE_ASSIGN_OR_RETURN(std::string name, p.Identifier());
    p.Consume(':');
    SLUICE_ASSIGN_OR_RETURN(TypePtr type, p.Type());
    SLUICE_ASSIGN_OR_RETURN(bool nullable, p.FieldModifiers());
    fields.push_back({name, type, nullable});
  } while (p.Consume(','));
  if (!p.AtEnd()) return p.Error("',' or end of schema");
  return Schema(std::move(fields));
}

int Schema::FieldIndex(std::string_view name) const {
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (IEquals(fields_[i].name, name)) return static_cast<int>(i);
  }
  return -1;
}

std::vector<std::string> Schema::FieldNames() const {
  std::vector<std::string> out;
  for (const auto& f : fields_) out.push_back(f.name);
  return out;
}

bool Schema::Equals(const Schema& other) const {
  if (fields_.size() != other.fields_.size()) return false;
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i].name != other.fields_[i].name || !fields_[i].type->Equals(*other.fields_[i].type)) return false;
  }
  return true;
}

std::string Schema::ToString() const {
  std::string out;
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (i) out += ", ";
    out += fields_[i].name + " " + fields_[i].type->ToString();
  }
  return out;
}

}  // namespace sluice::types
