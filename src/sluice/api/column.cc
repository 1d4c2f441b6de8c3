#include "sluice/api/column.h"

#include "sluice/api/exceptions.h"
#include "sluice/api/functions.h"
#include "sluice/sql/ast.h"

namespace sluice {

namespace {

std::shared_ptr<sql::Expr> NewExpr(sql::ExprKind kind, std::vector<sql::ExprPtr> children) {
  auto e = std::make_shared<sql::Expr>();
  e->kind = kind;
  e->children = std::move(children);
  return e;
}

sql::ExprPtr StringLiteral(std::string value) {
  return sql::MakeLiteral(types::Value::String(std::move(value)), types::DataType::String());
}

}  // namespace

Column::Column(const char* value)
    : expr_(value == nullptr ? sql::MakeLiteral(types::Value::Null(), types::DataType::Null())
                             : StringLiteral(value)) {}

Column::Column(const std::string& value) : expr_(StringLiteral(value)) {}

Column::Column(std::shared_ptr<const sql::Expr> expr) : expr_(std::move(expr)) {}

std::shared_ptr<const sql::Expr> Column::IntLiteral(int64_t value, bool bigint) {
  return sql::MakeLiteral(types::Value::Int(value), bigint ? types::DataType::Bigint() : types::DataType::Int());
}

std::shared_ptr<const sql::Expr> Column::DoubleLiteral(double value) {
  return sql::MakeLiteral(types::Value::Double(value), types::DataType::Double());
}

std::shared_ptr<const sql::Expr> Column::BoolLiteral(bool value) {
  return sql::MakeLiteral(types::Value::Bool(value), types::DataType::Boolean());
}

Column Column::alias(const std::string& name) const {
  Column out = *this;
  out.alias_ = name;
  return out;
}

Column Column::cast(const std::string& type) const {
  auto parsed = types::ParseDataType(type);
  if (!parsed.ok()) {
    api::ThrowIfError(Status::ParseError("cast: unknown data type '" + type + "': " + parsed.status().message()));
  }
  auto e = NewExpr(sql::ExprKind::kCast, {expr_});
  e->op = "CAST";
  e->cast_type = *parsed;
  return Column(e);
}

Column Column::isNull() const { return Column(NewExpr(sql::ExprKind::kIsNull, {expr_})); }

Column Column::isNotNull() const {
  auto e = NewExpr(sql::ExprKind::kIsNull, {expr_});
  e->negated = true;
  return Column(e);
}

Column Column::isin(const std::vector<Column>& values) const {
  std::vector<sql::ExprPtr> children = {expr_};
  for (const auto& v : values) children.push_back(v.expr());
  return Column(NewExpr(sql::ExprKind::kIn, std::move(children)));
}

Column Column::between(const Column& low, const Column& high) const {
  return Column(NewExpr(sql::ExprKind::kBetween, {expr_, low.expr(), high.expr()}));
}

Column Column::like(const std::string& pattern) const {
  auto e = NewExpr(sql::ExprKind::kLike, {expr_, StringLiteral(pattern)});
  e->op = "LIKE";
  return Column(e);
}

Column Column::rlike(const std::string& pattern) const {
  auto e = NewExpr(sql::ExprKind::kLike, {expr_, StringLiteral(pattern)});
  e->op = "RLIKE";
  return Column(e);
}

Column Column::ilike(const std::string& pattern) const {
  auto e = NewExpr(sql::ExprKind::kLike, {expr_, StringLiteral(pattern)});
  e->op = "ILIKE";
  return Column(e);
}

Column Column::contains(const Column& other) const { return functions::call_function("contains", *this, other); }
Column Column::startsWith(const Column& other) const { return functions::call_function("startswith", *this, other); }
Column Column::endsWith(const Column& other) const { return functions::call_function("endswith", *this, other); }

Column Column::substr(const Column& pos, const Column& len) const {
  return functions::call_function("substring", *this, pos, len);
}

Column Column::getField(const std::string& field) const {
  // A plain column reference gets the field as one more name part, as the SQL parser
  // does for `window.start`; other expressions get a field access node.
  if (expr_->kind == sql::ExprKind::kColumnRef) {
    std::vector<std::string> parts = expr_->parts;
    parts.push_back(field);
    return Column(sql::MakeColumnRef(std::move(parts)));
  }
  auto e = NewExpr(sql::ExprKind::kField, {expr_});
  e->name = field;
  return Column(e);
}

Column Column::getItem(const Column& key) const {
  return Column(NewExpr(sql::ExprKind::kSubscript, {expr_, key.expr()}));
}

Column Column::eqNullSafe(const Column& other) const { return Column(sql::MakeBinary("<=>", expr_, other.expr())); }
Column Column::bitwiseAND(const Column& other) const { return Column(sql::MakeBinary("&", expr_, other.expr())); }
Column Column::bitwiseOR(const Column& other) const { return Column(sql::MakeBinary("|", expr_, other.expr())); }
Column Column::bitwiseXOR(const Column& other) const { return Column(sql::MakeBinary("^", expr_, other.expr())); }

Column Column::WithOrder(bool ascending, std::optional<bool> nulls_first) const {
  Column out = *this;
  out.ascending_ = ascending;
  out.nulls_first_ = nulls_first;
  return out;
}

Column Column::asc() const { return WithOrder(true, std::nullopt); }
Column Column::desc() const { return WithOrder(false, std::nullopt); }
Column Column::asc_nulls_first() const { return WithOrder(true, true); }
Column Column::asc_nulls_last() const { return WithOrder(true, false); }
Column Column::desc_nulls_first() const { return WithOrder(false, true); }
Column Column::desc_nulls_last() const { return WithOrder(false, false); }

Column Column::when(const Column& condition, const Column& value) const {
  if (expr_->kind != sql::ExprKind::kCase || expr_->has_operand) {
    api::ThrowIfError(Status::InvalidArgument(
        "when() can only be applied on a Column previously generated by when() function, not on " + toString()));
  }
  if (expr_->has_else) {
    api::ThrowIfError(Status::InvalidArgument("when() cannot be applied once otherwise() is applied: " + toString()));
  }
  auto e = std::make_shared<sql::Expr>(*expr_);
  e->children.push_back(condition.expr());
  e->children.push_back(value.expr());
  return Column(e);
}

Column Column::otherwise(const Column& value) const {
  if (expr_->kind != sql::ExprKind::kCase || expr_->has_operand) {
    api::ThrowIfError(Status::InvalidArgument(
        "otherwise() can only be applied on a Column previously generated by when() function, not on " + toString()));
  }
  if (expr_->has_else) {
    api::ThrowIfError(Status::InvalidArgument("otherwise() can only be applied once on a Column: " + toString()));
  }
  auto e = std::make_shared<sql::Expr>(*expr_);
  e->children.push_back(value.expr());
  e->has_else = true;
  return Column(e);
}

std::string Column::toString() const { return expr_->ToString(); }

sql::SelectItem Column::ToSelectItem() const { return sql::SelectItem{expr_, alias_}; }

sql::OrderItem Column::ToOrderItem() const {
  sql::OrderItem item;
  item.expr = expr_;
  item.ascending = ascending_.value_or(true);
  item.nulls_first = nulls_first_;
  return item;
}

Column operator+(const Column& a, const Column& b) { return Column(sql::MakeBinary("+", a.expr(), b.expr())); }
Column operator-(const Column& a, const Column& b) { return Column(sql::MakeBinary("-", a.expr(), b.expr())); }
Column operator*(const Column& a, const Column& b) { return Column(sql::MakeBinary("*", a.expr(), b.expr())); }
Column operator/(const Column& a, const Column& b) { return Column(sql::MakeBinary("/", a.expr(), b.expr())); }
Column operator%(const Column& a, const Column& b) { return Column(sql::MakeBinary("%", a.expr(), b.expr())); }
Column operator==(const Column& a, const Column& b) { return Column(sql::MakeBinary("=", a.expr(), b.expr())); }
Column operator!=(const Column& a, const Column& b) { return Column(sql::MakeBinary("<>", a.expr(), b.expr())); }
Column operator<(const Column& a, const Column& b) { return Column(sql::MakeBinary("<", a.expr(), b.expr())); }
Column operator<=(const Column& a, const Column& b) { return Column(sql::MakeBinary("<=", a.expr(), b.expr())); }
Column operator>(const Column& a, const Column& b) { return Column(sql::MakeBinary(">", a.expr(), b.expr())); }
Column operator>=(const Column& a, const Column& b) { return Column(sql::MakeBinary(">=", a.expr(), b.expr())); }
Column operator&&(const Column& a, const Column& b) { return Column(sql::MakeBinary("AND", a.expr(), b.expr())); }
Column operator||(const Column& a, const Column& b) { return Column(sql::MakeBinary("OR", a.expr(), b.expr())); }
Column operator!(const Column& a) { return Column(sql::MakeUnary("NOT", a.expr())); }
Column operator-(const Column& a) { return Column(sql::MakeUnary("-", a.expr())); }

ColumnOrName::ColumnOrName(const char* name) : column_(functions::col(name == nullptr ? "" : name)) {}
ColumnOrName::ColumnOrName(const std::string& name) : column_(functions::col(name)) {}

}  // namespace sluice
