#include "sluice/expr/nested_access.h"

#include <cstring>

#include "sluice/expr/arg_column.h"
#include "sluice/expr/function_registry.h"
#include "sluice/expr/validity.h"

namespace sluice::expr {

using types::Batch;
using types::Column;
using types::ColumnPtr;
using types::DataType;
using types::TypeId;
using types::TypePtr;

ColumnPtr GatherOrNull(const Column& src, const std::vector<int64_t>& rows) {
  const int64_t n = static_cast<int64_t>(rows.size());
  const int width = src.type()->FixedWidth();
  if (width > 0) {
    ColumnPtr out = Column::Make(src.type(), n);
    uint8_t* o = out->data<uint8_t>();
    const uint8_t* s = src.data<uint8_t>();
    for (int64_t i = 0; i < n; ++i) {
      const int64_t r = rows[i];
      if (r < 0 || src.IsNull(r)) {
        SetNullZeroed(out.get(), i);
      } else {
        std::memcpy(o + i * width, s + r * width, width);
      }
    }
    return out;
  }
  auto out = std::make_shared<Column>(src.type());
  out->Reserve(n);
  for (int64_t i = 0; i < n; ++i) {
    if (rows[i] < 0) {
      out->AppendNull();
    } else {
      out->AppendFrom(src, rows[i]);
    }
  }
  return out;
}

namespace {

// Applies the NULL rows of a struct to one of its field columns (a NULL struct has NULL
// fields); shares the field column when it already has them.
ColumnPtr FieldWithParentNulls(const Column& parent, const ColumnPtr& field, int64_t n) {
  bool rebuild = false;
  ForEachNull(parent, n, [&](int64_t i) { rebuild = rebuild || field->IsValid(i); });
  if (!rebuild) return field;
  std::vector<int64_t> rows(n);
  for (int64_t i = 0; i < n; ++i) rows[i] = parent.IsNull(i) ? -1 : i;
  return GatherOrNull(*field, rows);
}

class GetFieldExpr final : public ExprNode {
 public:
  GetFieldExpr(ExprPtr base, int field_index, TypePtr type)
      : ExprNode(ExprKind::kCall, std::move(type), {base}), field_index_(field_index) {}

  Result<ColumnPtr> Evaluate(const Batch& input, EvalContext& ctx) const override {
    SLUICE_ASSIGN_OR_RETURN(ArgColumn base, EvaluateArg(*children()[0], input, ctx));
    const int64_t n = input.num_rows();
    const int64_t rows = base.constant ? 1 : n;
    const Column& b = *base.column;
    ColumnPtr out;
    if (b.type_id() == TypeId::kStruct) {
      out = FieldWithParentNulls(b, b.child(field_index_), rows);
    } else {
      // ARRAY<STRUCT>: the field of every element, as an array.
      const Column& elements = *b.child(0);
      ColumnPtr field = FieldWithParentNulls(elements, elements.child(field_index_), elements.size());
      out = Column::Make(type(), rows);
      std::memcpy(out->mutable_offsets(), b.offsets(), (rows + 1) * sizeof(uint32_t));
      out->mutable_children()[0] = field;
      ForEachNull(b, rows, [&](int64_t i) { out->SetNull(i); });
    }
    return base.constant ? Broadcast(out, n) : out;
  }

  std::string Render(RenderMode mode) const override {
    const DataType& t = *children()[0]->type();
    const auto& fields = t.id() == TypeId::kStruct ? t.fields() : t.element()->fields();
    return RenderExpr(*children()[0], mode) + "." + fields[field_index_].name;
  }

  ExprPtr WithChildren(std::vector<ExprPtr> children) const override {
    return std::make_shared<GetFieldExpr>(children[0], field_index_, type());
  }

 private:
  int field_index_;
};

std::string IndexOutOfBounds(ArrayIndexMode mode, int64_t index, int64_t size) {
  if (mode == ArrayIndexMode::kElementAt) {
    return "[INVALID_ARRAY_INDEX_IN_ELEMENT_AT] The index " + std::to_string(index) +
           " is out of bounds. The array has " + std::to_string(size) +
           " elements. Use `try_element_at` to tolerate accessing element at invalid index and return NULL instead. "
           "If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error.";
  }
  return "[INVALID_ARRAY_INDEX] The index " + std::to_string(index) + " is out of bounds. The array has " +
         std::to_string(size) +
         " elements. Use the SQL function `get()` to tolerate accessing element at invalid index and return NULL "
         "instead. If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error.";
}

class ArrayElementExpr final : public ExprNode {
 public:
  ArrayElementExpr(ExprPtr array, ExprPtr index, ArrayIndexMode mode, std::string function_name)
      : ExprNode(ExprKind::kCall, array->type()->element(), {array, index}),
        mode_(mode),
        function_name_(std::move(function_name)) {}

  Result<ColumnPtr> Evaluate(const Batch& input, EvalContext& ctx) const override {
    SLUICE_ASSIGN_OR_RETURN(ArgColumn a, EvaluateArg(*children()[0], input, ctx));
    SLUICE_ASSIGN_OR_RETURN(ArgColumn idx, EvaluateArg(*children()[1], input, ctx));
    const int64_t n = input.num_rows();
    if (a.IsConstantNull() || idx.IsConstantNull()) return Column::MakeNull(type(), n);
    const int64_t rows = a.constant && idx.constant ? 1 : n;
    const bool one_based = mode_ == ArrayIndexMode::kElementAt || mode_ == ArrayIndexMode::kTryElementAt;
    const bool error_mode = (mode_ == ArrayIndexMode::kSubscript || mode_ == ArrayIndexMode::kElementAt) && ctx.ansi;
    std::vector<int64_t> positions(rows, -1);
    for (int64_t i = 0; i < rows; ++i) {
      if (a.IsNull(i) || idx.IsNull(i)) continue;
      const int64_t row = a.Row(i);
      const int64_t begin = a.column->ArrayBegin(row);
      const int64_t size = a.column->ArrayEnd(row) - begin;
      const int64_t k = idx.Get<int32_t>(i);
      int64_t offset;
      if (one_based) {
        if (k == 0) {
          if (mode_ == ArrayIndexMode::kElementAt) {
            ctx.SetError(Status::ExecutionError(
                "[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either < 0 or > 0 (the first "
                "element has index 1)."));
          }
          continue;
        }
        offset = k > 0 ? k - 1 : size + k;
      } else {
        offset = k;
      }
      if (offset < 0 || offset >= size) {
        if (error_mode) ctx.SetError(Status::ExecutionError(IndexOutOfBounds(mode_, k, size)));
        continue;
      }
      positions[i] = begin + offset;
    }
    ColumnPtr out = GatherOrNull(*a.column->child(0), positions);
    return rows == 1 && n != 1 ? Broadcast(out, n) : out;
  }

  std::string Render(RenderMode mode) const override {
    if (!function_name_.empty()) return function_name_ + "(" + RenderList(children(), mode) + ")";
    return RenderExpr(*children()[0], mode) + "[" + RenderExpr(*children()[1], mode) + "]";
  }

  ExprPtr WithChildren(std::vector<ExprPtr> children) const override {
    return std::make_shared<ArrayElementExpr>(children[0], children[1], mode_, function_name_);
  }

 private:
  ArrayIndexMode mode_;
  std::string function_name_;
};

Status CannotExtract(const Expr& base) {
  return Status::AnalysisError("[INVALID_EXTRACT_BASE_FIELD_TYPE] Can't extract a value from \"" + ToSql(base) +
                               "\". Need a complex type [STRUCT, ARRAY, MAP] but got \"" + base.type()->ToString() +
                               "\".");
}

}  // namespace

ExprPtr MakeArrayElement(ExprPtr array, ExprPtr index, ArrayIndexMode mode, std::string function_name) {
  return std::make_shared<ArrayElementExpr>(std::move(array), std::move(index), mode, std::move(function_name));
}

Result<ExprPtr> BindGetField(ExprPtr base, const std::string& field, const std::string& sql) {
  const DataType& t = *base->type();
  const DataType* s = nullptr;
  if (t.id() == TypeId::kStruct) s = &t;
  if (t.id() == TypeId::kArray && t.element()->id() == TypeId::kStruct) s = t.element().get();
  if (s == nullptr) return CannotExtract(*base);
  int index = s->FieldIndex(field);
  if (index < 0) {
    std::string names;
    for (size_t i = 0; i < s->fields().size(); ++i) {
      if (i) names += ", ";
      names += "`" + s->fields()[i].name + "`";
    }
    return Status::AnalysisError("[FIELD_NOT_FOUND] No such struct field `" + field + "` in " + names + ".");
  }
  TypePtr field_type = s->fields()[index].type;
  TypePtr result = t.id() == TypeId::kStruct ? field_type : DataType::Array(field_type);
  return ExprPtr(std::make_shared<GetFieldExpr>(std::move(base), index, std::move(result)));
}

Result<ExprPtr> BindSubscript(ExprPtr base, ExprPtr index, const std::string& sql) {
  const DataType& t = *base->type();
  if (t.id() == TypeId::kStruct) {
    const types::Value* v = LiteralValue(*index);
    if (v == nullptr || !v->is_string()) {
      return Status::AnalysisError("Field name should be a non-null string literal, but it's " + ToSql(*index) +
                                   " in \"" + sql + "\"");
    }
    return BindGetField(std::move(base), v->string_value(), sql);
  }
  if (t.id() != TypeId::kArray) return CannotExtract(*base);
  const DataType& it = *index->type();
  if (!it.IsIntegral() && it.id() != TypeId::kNull && it.id() != TypeId::kString) {
    return Status::AnalysisError("[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"" + sql +
                                 "\" due to data type mismatch: The second parameter requires the \"INTEGRAL\" type, "
                                 "however \"" + ToSql(*index) + "\" has the type \"" + it.ToString() + "\".");
  }
  SLUICE_ASSIGN_OR_RETURN(index, ImplicitCast(std::move(index), DataType::Int()));
  return MakeArrayElement(std::move(base), std::move(index), ArrayIndexMode::kSubscript);
}

}  // namespace sluice::expr
