// Array and struct functions, and the explode generators.

#include <algorithm>
#include <numeric>

#include "sluice/expr/coercion.h"
#include "sluice/expr/comparison.h"
#include "sluice/expr/function_registry.h"
#include "sluice/expr/functions/collection_functions.h"
#include "sluice/expr/functions/scalar_call.h"
#include "sluice/expr/functions/signature.h"
#include "sluice/expr/nested_access.h"

namespace sluice::expr {

using types::Column;
using types::ColumnPtr;
using types::DataType;
using types::StructField;
using types::TypeId;
using types::TypePtr;
using types::Value;
using Args = std::vector<ArgColumn>;

namespace {

Status DataDiffTypes(const CallSite& call) {
  std::string types;
  for (size_t i = 0; i < call.args.size(); ++i) types += (i ? ", \"" : "\"") + call.type(i)->ToString() + "\"";
  return Status::AnalysisError("[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve \"" + call.sql +
                               "\" due to data type mismatch: Input to `" + call.name +
                               "` should all be the same type, but it's [" + types + "].");
}

// Element range of row i of an array argument.
struct ArrayRow {
  const Column* elements;
  uint32_t begin;
  uint32_t end;
};
ArrayRow RowOf(const ArgColumn& a, int64_t i) {
  const int64_t row = a.Row(i);
  return {a.column->child(0).get(), a.column->ArrayBegin(row), a.column->ArrayEnd(row)};
}

// Binds f(array) -> same array type, with a per-row kernel that appends element indexes.
template <typename Fn>
ExprPtr MakeArrayTransform(CallSite call, Fn select) {
  TypePtr t = call.type(0);
  return MakeCall(call.name, t, std::move(call.args),
                  [select](const Args& a, int64_t n, const TypePtr& type, EvalContext& ctx) -> Result<ColumnPtr> {
                    std::vector<uint32_t> picked;
                    return MapRows(type, a, n, [&](int64_t i, Column* out) {
                      ArrayRow r = RowOf(a[0], i);
                      picked.clear();
                      select(a, i, r, &picked);
                      Column& elements = *out->mutable_children()[0];
                      for (uint32_t j : picked) elements.AppendFrom(*r.elements, j);
                      out->FinishArrayRow();
                    });
                  });
}

Result<ExprPtr> BindArrayExtreme(std::vector<ExprPtr> args, const std::string& sql, const char* canonical,
                                 bool max) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, canonical, 1, 1));
  SLUICE_RETURN_IF_ERROR(call.Array(0));
  TypePtr element = call.type(0)->element();
  return MakeCall(call.name, element, std::move(call.args),
                  [max](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
                    auto out = std::make_shared<Column>(type);
                    out->Reserve(n);
                    for (int64_t i = 0; i < n; ++i) {
                      if (a[0].IsNull(i)) {
                        out->AppendNull();
                        continue;
                      }
                      ArrayRow r = RowOf(a[0], i);
                      int64_t best = -1;
                      Value best_value;
                      for (uint32_t j = r.begin; j < r.end; ++j) {
                        if (r.elements->IsNull(j)) continue;
                        Value v = r.elements->GetValue(j);
                        int c = best < 0 ? 0 : CompareValues(v, best_value, *type);
                        if (best < 0 || (max ? c > 0 : c < 0)) {
                          best = j;
                          best_value = std::move(v);
                        }
                      }
                      if (best < 0) {
                        out->AppendNull();
                      } else {
                        out->AppendFrom(*r.elements, best);
                      }
                    }
                    return out;
                  });
}

Result<ExprPtr> BindElementAccess(std::vector<ExprPtr> args, const std::string& sql, const char* canonical,
                                  ArrayIndexMode mode) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, canonical, 2, 2));
  SLUICE_RETURN_IF_ERROR(call.Array(0));
  if (!call.type(1)->IsIntegral() && call.type_id(1) != TypeId::kNull) return call.Unexpected(1, "\"INT\"");
  SLUICE_RETURN_IF_ERROR(call.Coerce(1, DataType::Int()));
  return MakeArrayElement(call.args[0], call.args[1], mode, call.name);
}

// The name struct(...) gives an argument: a column's own name, a field's name, else colN.
std::string StructFieldName(const Expr& e, size_t index) {
  const std::string& name = ColumnRefName(e);
  if (!name.empty()) return name;
  std::string text = ToSql(e);
  size_t dot = text.rfind('.');
  bool simple_path = dot != std::string::npos && text.find_first_of("()' ") == std::string::npos;
  if (simple_path) return text.substr(dot + 1);
  return "col" + std::to_string(index + 1);
}

}  // namespace

SLUICE_DECLARE_BINDER(BindArray) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "array", 0, kVariadic));
  TypePtr element = CommonType(call.args);
  if (!element) return DataDiffTypes(call);
  for (size_t i = 0; i < call.args.size(); ++i) SLUICE_RETURN_IF_ERROR(call.Coerce(i, element));
  CallOptions options;
  options.null_intolerant = false;
  return MakeCall(
      call.name, DataType::Array(element), std::move(call.args),
      [](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
        auto out = std::make_shared<Column>(type);
        out->Reserve(n);
        Column& elements = *out->mutable_children()[0];
        elements.Reserve(n * static_cast<int64_t>(a.size()));
        for (int64_t i = 0; i < n; ++i) {
          for (const auto& arg : a) elements.AppendFrom(*arg.column, arg.Row(i));
          out->FinishArrayRow();
        }
        return out;
      },
      options);
}

SLUICE_DECLARE_BINDER(BindSequence) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "sequence", 2, 3));
  for (size_t i = 0; i < call.args.size(); ++i) {
    if (!call.type(i)->IsIntegral() && call.type_id(i) != TypeId::kNull) return call.Unexpected(i, "\"BIGINT\"");
  }
  TypePtr element = CommonType(call.args);
  if (!element || element->id() == TypeId::kNull) element = DataType::Int();
  for (size_t i = 0; i < call.args.size(); ++i) SLUICE_RETURN_IF_ERROR(call.Coerce(i, element));
  const bool is_long = element->id() == TypeId::kBigint;
  return MakeCall(call.name, DataType::Array(element), std::move(call.args),
                  [is_long](const Args& a, int64_t n, const TypePtr& type, EvalContext& ctx) -> Result<ColumnPtr> {
                    auto get = [is_long](const ArgColumn& c, int64_t i) {
                      return is_long ? c.Get<int64_t>(i) : static_cast<int64_t>(c.Get<int32_t>(i));
                    };
                    return MapRows(type, a, n, [&](int64_t i, Column* out) {
                      const int64_t start = get(a[0], i), stop = get(a[1], i);
                      const int64_t step = a.size() == 3 ? get(a[2], i) : (start <= stop ? 1 : -1);
                      if (!((step > 0 && start <= stop) || (step < 0 && start >= stop) ||
                            (step == 0 && start == stop))) {
                        ctx.SetError(Status::ExecutionError("Illegal sequence boundaries: " + std::to_string(start) +
                                                            " to " + std::to_string(stop) + " by " +
                                                            std::to_string(step)));
                        out->AppendNull();
                        return;
                      }
                      // Spark's limit on array length (ByteArrayMethods.MAX_ROUNDED_ARRAY_LENGTH).
                      constexpr uint64_t kMaxLength = 2147483632;
                      const uint64_t span = start <= stop ? static_cast<uint64_t>(stop) - static_cast<uint64_t>(start)
                                                          : static_cast<uint64_t>(start) - static_cast<uint64_t>(stop);
                      const uint64_t length = step == 0 ? 1 : span / (step > 0 ? static_cast<uint64_t>(step)
                                                                               : 0 - static_cast<uint64_t>(step)) + 1;
                      if (length > kMaxLength) {
                        ctx.SetError(Status::ExecutionError(
                            "[COLLECTION_SIZE_LIMIT_EXCEEDED.PARAMETER] Can't create array with " +
                            std::to_string(length) + " elements which exceeding the array size limit " +
                            std::to_string(kMaxLength) + ", the value of parameter(s) `count` is invalid."));
                        out->AppendNull();
                        return;
                      }
                      Column& elements = *out->mutable_children()[0];
                      for (uint64_t k = 0; k < length; ++k) {
                        // Unsigned arithmetic: no overflow past the last element.
                        const auto v = static_cast<int64_t>(static_cast<uint64_t>(start) +
                                                            k * static_cast<uint64_t>(step));
                        if (is_long) {
                          elements.AppendInt64(v);
                        } else {
                          elements.AppendInt32(static_cast<int32_t>(v));
                        }
                      }
                      out->FinishArrayRow();
                    });
                  });
}

SLUICE_DECLARE_BINDER(BindSize) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "size", 1, 1));
  SLUICE_RETURN_IF_ERROR(call.Array(0));
  return MakeCall(call.name, DataType::Int(), std::move(call.args),
                  [](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
                    return MapFixed<int32_t>(type, a, n, [&](int64_t i, int32_t* v) {
                      ArrayRow r = RowOf(a[0], i);
                      *v = static_cast<int32_t>(r.end - r.begin);
                      return true;
                    });
                  });
}

SLUICE_DECLARE_BINDER(BindArrayContains) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "array_contains", 2, 2));
  SLUICE_RETURN_IF_ERROR(call.Array(0));
  TypePtr t = WiderType(call.type(0)->element(), call.type(1));
  if (!t) {
    return Status::AnalysisError("[DATATYPE_MISMATCH.ARRAY_FUNCTION_DIFF_TYPES] Cannot resolve \"" + call.sql +
                                 "\" due to data type mismatch: Input to `array_contains` should have been \"ARRAY\" "
                                 "followed by a value with same element type, but it's [\"" +
                                 call.type(0)->ToString() + "\", \"" + call.type(1)->ToString() + "\"].");
  }
  if (t->id() == TypeId::kNull) t = DataType::Boolean();
  SLUICE_RETURN_IF_ERROR(call.Coerce(0, DataType::Array(t)));
  SLUICE_RETURN_IF_ERROR(call.Coerce(1, t));
  return MakeCall(call.name, DataType::Boolean(), std::move(call.args),
                  [](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
                    return MapFixed<uint8_t>(type, a, n, [&](int64_t i, uint8_t* v) {
                      ArrayRow r = RowOf(a[0], i);
                      bool saw_null = false;
                      for (uint32_t j = r.begin; j < r.end; ++j) {
                        if (r.elements->IsNull(j)) {
                          saw_null = true;
                        } else if (ColumnValuesEqual(*r.elements, j, *a[1].column, a[1].Row(i))) {
                          *v = 1;
                          return true;
                        }
                      }
                      *v = 0;
                      return !saw_null;  // not found with a NULL element: NULL, as Spark
                    });
                  });
}

SLUICE_DECLARE_BINDER(BindArrayPosition) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "array_position", 2, 2));
  SLUICE_RETURN_IF_ERROR(call.Array(0));
  TypePtr t = WiderType(call.type(0)->element(), call.type(1));
  if (!t) return call.Unexpected(1, "\"" + call.type(0)->element()->ToString() + "\"");
  if (t->id() == TypeId::kNull) t = DataType::Boolean();
  SLUICE_RETURN_IF_ERROR(call.Coerce(0, DataType::Array(t)));
  SLUICE_RETURN_IF_ERROR(call.Coerce(1, t));
  return MakeCall(call.name, DataType::Bigint(), std::move(call.args),
                  [](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
                    return MapFixed<int64_t>(type, a, n, [&](int64_t i, int64_t* v) {
                      ArrayRow r = RowOf(a[0], i);
                      *v = 0;
                      for (uint32_t j = r.begin; j < r.end; ++j) {
                        if (!r.elements->IsNull(j) && ColumnValuesEqual(*r.elements, j, *a[1].column, a[1].Row(i))) {
                          *v = j - r.begin + 1;
                          break;
                        }
                      }
                      return true;
                    });
                  });
}

SLUICE_DECLARE_BINDER(BindElementAt) {
  return BindElementAccess(std::move(args), sql, "element_at", ArrayIndexMode::kElementAt);
}
SLUICE_DECLARE_BINDER(BindTryElementAt) {
  return BindElementAccess(std::move(args), sql, "try_element_at", ArrayIndexMode::kTryElementAt);
}
SLUICE_DECLARE_BINDER(BindGet) { return BindElementAccess(std::move(args), sql, "get", ArrayIndexMode::kGet); }

SLUICE_DECLARE_BINDER(BindStruct) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "struct", 1, kVariadic));
  std::vector<StructField> fields;
  for (size_t i = 0; i < call.args.size(); ++i) {
    fields.push_back({StructFieldName(*call.args[i], i), call.type(i), true});
  }
  CallOptions options;
  options.null_intolerant = false;
  return MakeCall(
      call.name, DataType::Struct(std::move(fields)), std::move(call.args),
      [](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
        ColumnPtr out = Column::Make(type, n);
        for (size_t f = 0; f < a.size(); ++f) out->mutable_children()[f] = Materialize(a[f], n);
        return out;
      },
      options);
}

SLUICE_DECLARE_BINDER(BindNamedStruct) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "named_struct", 0, kVariadic));
  if (call.args.empty() || call.args.size() % 2 != 0) {
    return Status::AnalysisError("[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `" + call.name +
                                 "` requires 2n (n > 0) parameters but the actual number is " +
                                 std::to_string(call.args.size()) + ".");
  }
  std::vector<StructField> fields;
  for (size_t i = 0; i < call.args.size(); i += 2) {
    const Value* name = LiteralValue(*call.args[i]);
    if (name == nullptr || !name->is_string()) {
      return Status::AnalysisError("[DATATYPE_MISMATCH.CREATE_NAMED_STRUCT_WITHOUT_FOLDABLE_STRING] Cannot resolve \"" +
                                   call.sql +
                                   "\" due to data type mismatch: Only foldable `STRING` expressions are allowed to "
                                   "appear at odd position, but they are [\"" + ToSql(*call.args[i]) + "\"].");
    }
    fields.push_back({name->string_value(), call.type(i + 1), true});
  }
  CallOptions options;
  options.null_intolerant = false;
  return MakeCall(
      call.name, DataType::Struct(std::move(fields)), std::move(call.args),
      [](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
        ColumnPtr out = Column::Make(type, n);
        for (size_t f = 0; f * 2 + 1 < a.size(); ++f) out->mutable_children()[f] = Materialize(a[f * 2 + 1], n);
        return out;
      },
      options);
}

SLUICE_DECLARE_BINDER(BindExplode) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "explode", 1, 1));
  if (call.type_id(0) != TypeId::kArray) return call.Unexpected(0, QuoteTypes({"ARRAY", "MAP"}));
  return MakeExplode(call.args[0], false, call.name);
}

SLUICE_DECLARE_BINDER(BindExplodeOuter) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "explode_outer", 1, 1));
  if (call.type_id(0) != TypeId::kArray) return call.Unexpected(0, QuoteTypes({"ARRAY", "MAP"}));
  return MakeExplode(call.args[0], true, call.name);
}

SLUICE_DECLARE_BINDER(BindArrayJoin) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "array_join", 2, 3));
  SLUICE_RETURN_IF_ERROR(call.Array(0));
  SLUICE_RETURN_IF_ERROR(call.Coerce(0, DataType::Array(DataType::String())));
  SLUICE_RETURN_IF_ERROR(call.Coerce(1, DataType::String()));
  const bool has_replacement = call.args.size() == 3;
  if (has_replacement) SLUICE_RETURN_IF_ERROR(call.Coerce(2, DataType::String()));
  return MakeCall(call.name, DataType::String(), std::move(call.args),
                  [has_replacement](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
                    std::string buf;
                    return MapRows(type, a, n, [&](int64_t i, Column* out) {
                      ArrayRow r = RowOf(a[0], i);
                      std::string_view sep = a[1].GetString(i);
                      buf.clear();
                      bool first = true;
                      for (uint32_t j = r.begin; j < r.end; ++j) {
                        std::string_view v;
                        if (r.elements->IsNull(j)) {
                          if (!has_replacement) continue;
                          v = a[2].GetString(i);
                        } else {
                          v = r.elements->GetString(j);
                        }
                        if (!first) buf.append(sep);
                        buf.append(v);
                        first = false;
                      }
                      out->AppendString(buf);
                    });
                  });
}

SLUICE_DECLARE_BINDER(BindSortArray) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "sort_array", 1, 2));
  SLUICE_RETURN_IF_ERROR(call.Array(0));
  bool ascending = true;
  if (call.args.size() == 2) {
    if (call.type_id(1) != TypeId::kBoolean) return call.Unexpected(1, "\"BOOLEAN\"");
    SLUICE_ASSIGN_OR_RETURN(Value v, call.Constant(1, "ascendingOrder"));
    ascending = v.is_null() || v.bool_value();
    call.args.pop_back();
  }
  return MakeArrayTransform(std::move(call), [ascending](const Args&, int64_t, const ArrayRow& r,
                                                         std::vector<uint32_t>* picked) {
    std::vector<Value> values;
    for (uint32_t j = r.begin; j < r.end; ++j) {
      picked->push_back(j);
      values.push_back(r.elements->GetValue(j));
    }
    const types::DataType& t = *r.elements->type();
    std::vector<size_t> order(values.size());
    std::iota(order.begin(), order.end(), 0);
    // NULLs first when ascending, last when descending (Spark's sort_array).
    std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
      int c = CompareValues(values[x], values[y], t);
      return ascending ? c < 0 : c > 0;
    });
    std::vector<uint32_t> sorted;
    for (size_t k : order) sorted.push_back((*picked)[k]);
    *picked = std::move(sorted);
  });
}

SLUICE_DECLARE_BINDER(BindArrayDistinct) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "array_distinct", 1, 1));
  SLUICE_RETURN_IF_ERROR(call.Array(0));
  return MakeArrayTransform(std::move(call), [](const Args&, int64_t, const ArrayRow& r, std::vector<uint32_t>* picked) {
    bool saw_null = false;
    for (uint32_t j = r.begin; j < r.end; ++j) {
      if (r.elements->IsNull(j)) {
        if (!saw_null) picked->push_back(j);
        saw_null = true;
        continue;
      }
      bool seen = false;
      for (uint32_t k : *picked) {
        if (!r.elements->IsNull(k) && ColumnValuesEqual(*r.elements, k, *r.elements, j)) {
          seen = true;
          break;
        }
      }
      if (!seen) picked->push_back(j);
    }
  });
}

SLUICE_DECLARE_BINDER(BindArrayMax) { return BindArrayExtreme(std::move(args), sql, "array_max", true); }
SLUICE_DECLARE_BINDER(BindArrayMin) { return BindArrayExtreme(std::move(args), sql, "array_min", false); }

SLUICE_DECLARE_BINDER(BindSlice) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "slice", 3, 3));
  SLUICE_RETURN_IF_ERROR(call.Array(0));
  SLUICE_RETURN_IF_ERROR(call.Coerce(1, DataType::Int()));
  SLUICE_RETURN_IF_ERROR(call.Coerce(2, DataType::Int()));
  TypePtr t = call.type(0);
  return MakeCall(call.name, t, std::move(call.args),
                  [](const Args& a, int64_t n, const TypePtr& type, EvalContext& ctx) -> Result<ColumnPtr> {
                    return MapRows(type, a, n, [&](int64_t i, Column* out) {
                      ArrayRow r = RowOf(a[0], i);
                      const int64_t size = r.end - r.begin;
                      const int64_t start = a[1].Get<int32_t>(i);
                      const int64_t length = a[2].Get<int32_t>(i);
                      if (start == 0 || length < 0) {
                        ctx.SetError(Status::ExecutionError(
                            start == 0 ? "[INVALID_PARAMETER_VALUE.START] The value of parameter(s) `start` in `slice` "
                                         "is invalid: Expects a positive or a negative value for `start`, but got 0."
                                       : "[INVALID_PARAMETER_VALUE.LENGTH] The value of parameter(s) `length` in "
                                         "`slice` is invalid: Expects `length` greater than or equal to 0, but got " +
                                             std::to_string(length) + "."));
                        out->AppendNull();
                        return;
                      }
                      int64_t from = start > 0 ? start - 1 : size + start;
                      Column& elements = *out->mutable_children()[0];
                      if (from >= 0) {
                        for (int64_t k = from; k < size && k < from + length; ++k) {
                          elements.AppendFrom(*r.elements, r.begin + k);
                        }
                      }
                      out->FinishArrayRow();
                    });
                  });
}

}  // namespace sluice::expr
