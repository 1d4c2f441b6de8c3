#include "sluice/expr/coercion.h"

#include "sluice/expr/cast.h"

namespace sluice::expr {

using types::DataType;
using types::StructField;
using types::TypeId;
using types::TypePtr;

int NumericRank(TypeId id) {
  switch (id) {
    case TypeId::kInt: return 1;
    case TypeId::kBigint: return 2;
    case TypeId::kDouble: return 3;
    default: return 0;
  }
}

namespace {

bool IsAtomic(const DataType& t) { return !t.IsNested() && t.id() != TypeId::kNull; }

TypePtr Wider(const TypePtr& a, const TypePtr& b, bool string_promotion) {
  if (!a || !b) return nullptr;
  if (a->Equals(*b)) return a;
  if (a->id() == TypeId::kNull) return b;
  if (b->id() == TypeId::kNull) return a;
  if (a->IsNumeric() && b->IsNumeric()) return NumericRank(a->id()) >= NumericRank(b->id()) ? a : b;
  auto is_datetime = [](const DataType& t) { return t.id() == TypeId::kDate || t.id() == TypeId::kTimestamp; };
  if (is_datetime(*a) && is_datetime(*b)) return DataType::Timestamp();
  if (a->id() == TypeId::kArray && b->id() == TypeId::kArray) {
    TypePtr element = Wider(a->element(), b->element(), string_promotion);
    return element ? DataType::Array(element) : nullptr;
  }
  if (a->id() == TypeId::kStruct && b->id() == TypeId::kStruct) {
    if (a->fields().size() != b->fields().size()) return nullptr;
    std::vector<StructField> fields;
    for (size_t i = 0; i < a->fields().size(); ++i) {
      const auto& fa = a->fields()[i];
      const auto& fb = b->fields()[i];
      if (a->FieldIndex(fb.name) != static_cast<int>(i)) return nullptr;
      TypePtr t = Wider(fa.type, fb.type, string_promotion);
      if (!t) return nullptr;
      fields.push_back({fa.name, t, fa.nullable || fb.nullable});
    }
    return DataType::Struct(std::move(fields));
  }
  if (string_promotion && IsAtomic(*a) && IsAtomic(*b) &&
      (a->id() == TypeId::kString || b->id() == TypeId::kString)) {
    return DataType::String();
  }
  return nullptr;
}

}  // namespace

TypePtr WiderType(const TypePtr& a, const TypePtr& b) { return Wider(a, b, false); }

TypePtr WiderTypeWithStringPromotion(const TypePtr& a, const TypePtr& b) { return Wider(a, b, true); }

TypePtr CommonType(const std::vector<ExprPtr>& exprs) {
  if (exprs.empty()) return DataType::Null();
  TypePtr t = exprs[0]->type();
  for (size_t i = 1; i < exprs.size() && t; ++i) t = WiderTypeWithStringPromotion(t, exprs[i]->type());
  return t;
}

bool CanImplicitCast(const DataType& from, const DataType& to) {
  if (from.Equals(to) || from.id() == TypeId::kNull) return true;
  const TypeId f = from.id();
  switch (to.id()) {
    case TypeId::kInt:
    case TypeId::kBigint:
      return from.IsIntegral() || f == TypeId::kString;
    case TypeId::kDouble: return from.IsNumeric() || f == TypeId::kString;
    case TypeId::kString: return IsAtomic(from);
    case TypeId::kBinary: return f == TypeId::kString;
    case TypeId::kBoolean: return f == TypeId::kString;
    case TypeId::kDate: return f == TypeId::kString || f == TypeId::kTimestamp;
    case TypeId::kTimestamp: return f == TypeId::kString || f == TypeId::kDate;
    case TypeId::kArray: return f == TypeId::kArray && CanImplicitCast(*from.element(), *to.element());
    default: return false;
  }
}

Result<ExprPtr> ImplicitCast(ExprPtr e, TypePtr to) {
  if (e->type()->Equals(*to)) return e;
  if (e->kind() == ExprKind::kLiteral && CanCast(*e->type(), *to) && !CastNeedsTimeZone(*e->type(), *to)) {
    // Fold the cast of a literal so kernels see a scalar of the right type ("value % 2L").
    EvalContext ctx;
    auto folded = CastValue(*LiteralValue(*e), e->type(), to, /*try_cast=*/false, ctx);
    if (folded.ok() && ctx.error.ok()) return MakeLiteral(std::move(folded).value(), to);
  }
  return MakeCast(std::move(e), std::move(to));
}

}  // namespace sluice::expr
