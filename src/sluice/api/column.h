#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace sluice::sql {
struct Expr;
struct SelectItem;
struct OrderItem;
}  // namespace sluice::sql

namespace sluice {

// An expression over the columns of a DataFrame: Spark's Column. It only describes the
// expression (an unresolved SQL AST); names, functions and types are resolved when the
// DataFrame that uses it is analyzed, so a misspelled column fails there with Spark's
// "[UNRESOLVED_COLUMN...] ... Did you mean ..." message.
//
// Build one with functions::col("name"), functions::lit(5), functions::expr("a + 1"),
// or implicitly from a C++ literal in an operator: `col("value") % 2 == 0` compares with
// the literal 0, and `col("name") == "a"` with the string 'a' (as Scala's === does).
// C++ integers of up to 32 bits become INT literals, wider ones BIGINT, floating point
// DOUBLE, bool BOOLEAN, strings STRING.
//
// Method names follow Spark's Column (camelCase on purpose, see docs/cpp-api.md).
// Immutable and cheap to copy; safe to share between threads.
class Column {
 public:
  // A literal (see above). NOLINT: implicit by design, as Scala's implicit lit.
  template <typename T>
    requires std::is_arithmetic_v<T>
  Column(T value)  // NOLINT
      : expr_(std::is_same_v<T, bool>            ? BoolLiteral(static_cast<bool>(value))
              : std::is_floating_point_v<T>      ? DoubleLiteral(static_cast<double>(value))
              : (sizeof(T) < 8 && !(std::is_unsigned_v<T> && sizeof(T) == 4))
                  ? IntLiteral(static_cast<int64_t>(value), /*bigint=*/false)
                  : IntLiteral(static_cast<int64_t>(value), /*bigint=*/true)) {}
  Column(const char* value);         // NOLINT: a STRING literal
  Column(const std::string& value);  // NOLINT: a STRING literal
  // Wraps an AST expression. REQUIRES: expr != nullptr.
  explicit Column(std::shared_ptr<const sql::Expr> expr);

  // The expression, and the output name given by alias() ("" when none).
  const std::shared_ptr<const sql::Expr>& expr() const { return expr_; }
  const std::string& alias_name() const { return alias_; }

  // Renames the column in select/agg/groupBy output (Spark's alias / as / name).
  Column alias(const std::string& name) const;
  Column as(const std::string& name) const { return alias(name); }
  Column name(const std::string& name) const { return alias(name); }

  // CAST(this AS type); `type` is Spark SQL spelling: "BIGINT", "timestamp",
  // "ARRAY<STRING>". Throws ParseException for an unknown type name.
  Column cast(const std::string& type) const;
  Column isNull() const;
  Column isNotNull() const;
  // this IN (values...). Values are Columns or literals: isin(1, 2, 3), isin("a", "b").
  Column isin(const std::vector<Column>& values) const;
  template <typename... Ts>
  Column isin(const Ts&... values) const {
    return isin(std::vector<Column>{Column(values)...});
  }
  // low <= this AND this <= high.
  Column between(const Column& low, const Column& high) const;
  // SQL LIKE / RLIKE (Java regex syntax, RE2 underneath) / ILIKE pattern matching.
  Column like(const std::string& pattern) const;
  Column rlike(const std::string& pattern) const;
  Column ilike(const std::string& pattern) const;
  Column contains(const Column& other) const;
  Column startsWith(const Column& other) const;
  Column endsWith(const Column& other) const;
  // substring(this, pos, len); pos is 1-based as in SQL.
  Column substr(const Column& pos, const Column& len) const;
  // A field of a struct column: col("window").getField("start").
  Column getField(const std::string& field) const;
  // An element of an array (0-based, as Spark's getItem / arr[i]).
  Column getItem(const Column& key) const;
  // this <=> other: equality that treats two NULLs as equal.
  Column eqNullSafe(const Column& other) const;
  // Bitwise operators (Spark's bitwiseAND / bitwiseOR / bitwiseXOR).
  Column bitwiseAND(const Column& other) const;
  Column bitwiseOR(const Column& other) const;
  Column bitwiseXOR(const Column& other) const;

  // Sort directions for orderBy/sort. Default nulls placement follows Spark: NULLS
  // FIRST for ascending, NULLS LAST for descending.
  Column asc() const;
  Column desc() const;
  Column asc_nulls_first() const;
  Column asc_nulls_last() const;
  Column desc_nulls_first() const;
  Column desc_nulls_last() const;

  // CASE WHEN chains started by functions::when(cond, value):
  //   when(col("x") > 10, "big").when(col("x") > 5, "medium").otherwise("small")
  // Throws IllegalArgumentException on a Column not made by when(), or after otherwise().
  Column when(const Column& condition, const Column& value) const;
  Column otherwise(const Column& value) const;

  // The expression as SQL text, e.g. "((value % 2) = 0)" (Spark's Column.toString).
  std::string toString() const;

  // For the DataFrame implementation: this column as a select-list item (with its
  // alias) and as an ORDER BY item (ascending unless asc()/desc() said otherwise).
  sql::SelectItem ToSelectItem() const;
  sql::OrderItem ToOrderItem() const;

 private:
  static std::shared_ptr<const sql::Expr> IntLiteral(int64_t value, bool bigint);
  static std::shared_ptr<const sql::Expr> DoubleLiteral(double value);
  static std::shared_ptr<const sql::Expr> BoolLiteral(bool value);
  Column WithOrder(bool ascending, std::optional<bool> nulls_first) const;

  std::shared_ptr<const sql::Expr> expr_;
  std::string alias_;
  std::optional<bool> ascending_;    // set by asc()/desc() and friends
  std::optional<bool> nulls_first_;  // set by *_nulls_first / *_nulls_last
};

// Operators build expressions; they do not compare Columns. `a == b` is SQL's `a = b`
// (Scala's ===), `a != b` is `a <> b`, `&&`/`||`/`!` are AND/OR/NOT (no short-circuit:
// both sides are always part of the expression).
Column operator+(const Column& a, const Column& b);
Column operator-(const Column& a, const Column& b);
Column operator*(const Column& a, const Column& b);
Column operator/(const Column& a, const Column& b);
Column operator%(const Column& a, const Column& b);
Column operator==(const Column& a, const Column& b);
Column operator!=(const Column& a, const Column& b);
Column operator<(const Column& a, const Column& b);
Column operator<=(const Column& a, const Column& b);
Column operator>(const Column& a, const Column& b);
Column operator>=(const Column& a, const Column& b);
Column operator&&(const Column& a, const Column& b);
Column operator||(const Column& a, const Column& b);
Column operator!(const Column& a);
Column operator-(const Column& a);

// A function or DataFrame argument that is either a Column or a column *name*, as
// PySpark's "ColumnOrName": upper("name") means upper(col("name")), while a string in
// an operator (col("a") == "x") is a literal. A name may be qualified ("e.value"),
// quoted with backticks ("`my col`"), or "*" / "t.*".
class ColumnOrName {
 public:
  ColumnOrName(const Column& column) : column_(column) {}  // NOLINT: implicit by design
  ColumnOrName(const char* name);                          // NOLINT: implicit by design
  ColumnOrName(const std::string& name);                   // NOLINT: implicit by design
  const Column& column() const { return column_; }

 private:
  Column column_;
};

}  // namespace sluice
