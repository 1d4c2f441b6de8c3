// Expression builders, Expr::ToString (EXPLAIN text) and AutoName (Spark's column
// names for unaliased select items, from Spark's `toPrettySQL(expr)`).

#include <cctype>

#include "sluice/common/strings.h"
#include "sluice/common/time.h"
#include "sluice/sql/ast.h"

namespace sluice::sql {

namespace {

using types::TypeId;

// `weird name` in backquotes; plain names as they are.
std::string QuoteName(const std::string& name) {
  bool plain = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0]));
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') plain = false;
  }
  if (plain) return name;
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out += '`';
    out += c;
  }
  return out + "`";
}

std::string JoinParts(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += ".";
    out += QuoteName(parts[i]);
  }
  return out;
}

// Spark renders day-time interval literals as INTERVAL '10' SECOND.
std::string IntervalSql(int64_t micros) {
  int64_t magnitude = micros < 0 ? -micros : micros;
  std::string sign = micros < 0 ? "-" : "";
  if (micros != 0 && magnitude % kMicrosPerDay == 0) {
    return "INTERVAL '" + sign + std::to_string(magnitude / kMicrosPerDay) + "' DAY";
  }
  if (micros != 0 && magnitude % kMicrosPerHour == 0) {
    return "INTERVAL '" + sign + std::to_string(magnitude / kMicrosPerHour) + "' HOUR";
  }
  if (micros != 0 && magnitude % kMicrosPerMinute == 0) {
    return "INTERVAL '" + sign + std::to_string(magnitude / kMicrosPerMinute) + "' MINUTE";
  }
  std::string seconds = std::to_string(magnitude / kMicrosPerSecond);
  int64_t fraction = magnitude % kMicrosPerSecond;
  if (fraction != 0) {
    std::string digits = std::to_string(fraction);
    digits = std::string(6 - digits.size(), '0') + digits;
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    seconds += "." + digits;
  }
  return "INTERVAL '" + sign + seconds + "' SECOND";
}

// Renders an expression. `pretty` follows Spark's usePrettyExpression: columns lose their
// qualifier, literals print their plain value, and the operators Spark rewrites while
// parsing (!=, BETWEEN, CASE x WHEN, ||) print as the rewritten form.
std::string Print(const Expr& e, bool pretty);

std::string PrintList(const std::vector<ExprPtr>& items, size_t from, bool pretty) {
  std::string out;
  for (size_t i = from; i < items.size(); ++i) {
    if (i > from) out += ", ";
    out += Print(*items[i], pretty);
  }
  return out;
}

std::string PrintOrderItem(const OrderItem& item, bool pretty) {
  std::string out = item.expr ? Print(*item.expr, pretty) : std::string("?");
  if (pretty) {
    // Spark's SortOrder.sql spells out both the direction and the null ordering.
    out += item.ascending ? " ASC" : " DESC";
    return out + (item.nulls_first.value_or(item.ascending) ? " NULLS FIRST" : " NULLS LAST");
  }
  if (!item.ascending) out += " DESC";
  if (item.nulls_first) out += *item.nulls_first ? " NULLS FIRST" : " NULLS LAST";
  return out;
}

// The frame Spark's ResolveWindowFrame gives a window without one: ranking functions run
// over the rows up to the current one, lag/lead over one offset row, aggregates over the
// peers up to the current row when ordered and over the whole partition otherwise.
std::string DefaultFrameSql(const Expr& window) {
  std::string name = window.children.empty() ? std::string() : AsciiLower(window.children[0]->name);
  if (name == "row_number" || name == "rank" || name == "dense_rank" || name == "percent_rank" ||
      name == "cume_dist" || name == "ntile") {
    return "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW";
  }
  if (name == "lag" || name == "lead") {
    const auto& args = window.children[0]->children;
    std::string offset = args.size() >= 2 && args[1] ? Print(*args[1], /*pretty=*/true) : std::string("1");
    std::string bound = offset + (name == "lag" ? " PRECEDING" : " FOLLOWING");
    return "ROWS BETWEEN " + bound + " AND " + bound;
  }
  if (!window.window_order.empty()) return "RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW";
  return "ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING";
}

// "(PARTITION BY a, b ORDER BY c DESC)"; `pretty` adds Spark's explicit orderings and frame.
std::string PrintWindowSpec(const Expr& e, bool pretty) {
  std::vector<std::string> parts;
  if (e.children.size() > 1) parts.push_back("PARTITION BY " + PrintList(e.children, 1, pretty));
  if (!e.window_order.empty()) {
    std::string order = "ORDER BY ";
    for (size_t i = 0; i < e.window_order.size(); ++i) {
      if (i) order += ", ";
      order += PrintOrderItem(e.window_order[i], pretty);
    }
    parts.push_back(std::move(order));
  }
  if (pretty) parts.push_back(DefaultFrameSql(e));
  std::string out = "(";
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? " " : "") + parts[i];
  return out + ")";
}

std::string PrintLiteral(const Expr& e, bool pretty) {
  if (e.value.is_null()) return "NULL";
  if (!e.literal_type) return "?";
  if (!pretty) return e.value.ToSqlLiteral(*e.literal_type);
  switch (e.literal_type->id()) {
    case TypeId::kString: return e.value.string_value();
    case TypeId::kInt:
    case TypeId::kBigint: return std::to_string(e.value.int_value());
    case TypeId::kDouble: return types::FormatDouble(e.value.double_value());
    default: return e.value.ToSqlLiteral(*e.literal_type);
  }
}

std::string Print(const Expr& e, bool pretty) {
  auto child = [&](size_t i) { return i < e.children.size() ? Print(*e.children[i], pretty) : std::string("?"); };
  switch (e.kind) {
    case ExprKind::kColumnRef:
      if (pretty) return e.parts.empty() ? "" : e.parts.back();
      return JoinParts(e.parts);
    case ExprKind::kStar:
      return e.parts.empty() ? "*" : JoinParts(e.parts) + ".*";
    case ExprKind::kLiteral:
      return PrintLiteral(e, pretty);
    case ExprKind::kUnary:
      if (e.op == "NOT") return "(NOT " + child(0) + ")";
      if (e.op == "~") return "~" + child(0);
      return "(" + e.op + " " + child(0) + ")";
    case ExprKind::kBinary:
      if (pretty && e.op == "<>") return "(NOT (" + child(0) + " = " + child(1) + "))";
      if (pretty && e.op == "||") return "concat(" + child(0) + ", " + child(1) + ")";
      if (e.op == "DIV") return "(" + child(0) + " div " + child(1) + ")";
      return "(" + child(0) + " " + e.op + " " + child(1) + ")";
    case ExprKind::kIsNull:
      return "(" + child(0) + (e.negated ? " IS NOT NULL)" : " IS NULL)");
    case ExprKind::kIn: {
      std::string list = PrintList(e.children, 1, pretty);
      if (!pretty) return "(" + child(0) + (e.negated ? " NOT IN (" : " IN (") + list + "))";
      std::string in = "(" + child(0) + " IN (" + list + "))";
      return e.negated ? "(NOT " + in + ")" : in;
    }
    case ExprKind::kBetween: {
      if (!pretty) {
        return "(" + child(0) + (e.negated ? " NOT BETWEEN " : " BETWEEN ") + child(1) + " AND " + child(2) + ")";
      }
      // Spark rewrites BETWEEN into a conjunction while parsing.
      std::string both = "((" + child(0) + " >= " + child(1) + ") AND (" + child(0) + " <= " + child(2) + "))";
      return e.negated ? "(NOT " + both + ")" : both;
    }
    case ExprKind::kLike: {
      if (!pretty) return "(" + child(0) + (e.negated ? " NOT " : " ") + e.op + " " + child(1) + ")";
      std::string like = e.op == "RLIKE" ? "RLIKE(" + child(0) + ", " + child(1) + ")"
                                         : child(0) + " " + e.op + " " + child(1);
      return e.negated ? "(NOT " + like + ")" : like;
    }
    case ExprKind::kCase: {
      std::string out = "CASE";
      size_t i = 0;
      std::string operand;
      if (e.has_operand && !e.children.empty()) {
        operand = child(0);
        if (!pretty) out += " " + operand;
        i = 1;
      }
      size_t end = e.children.size();
      if (e.has_else && end > 0) --end;
      for (; i + 1 < end; i += 2) {
        std::string condition = child(i);
        // Spark turns CASE x WHEN v into CASE WHEN (x = v).
        if (pretty && e.has_operand) condition = "(" + operand + " = " + condition + ")";
        out += " WHEN " + condition + " THEN " + child(i + 1);
      }
      if (e.has_else && !e.children.empty()) out += " ELSE " + Print(*e.children.back(), pretty);
      return out + " END";
    }
    case ExprKind::kCast:
      return (e.op.empty() ? std::string("CAST") : e.op) + "(" + child(0) + " AS " +
             (e.cast_type ? e.cast_type->ToString() : std::string("?")) + ")";
    case ExprKind::kFunction: {
      std::string name = pretty ? AsciiLower(e.name) : e.name;
      if (e.is_count_star) return name + "(1)";
      if (pretty && (name == "ceil" || name == "ceiling" || name == "floor")) {
        name = name == "floor" ? "FLOOR" : "CEIL";  // Spark's prettyName for Ceil/Floor
      }
      if (pretty && name == "if" && e.children.size() == 3) {
        return "(IF(" + PrintList(e.children, 0, pretty) + "))";
      }
      return name + "(" + (e.distinct ? "DISTINCT " : "") + PrintList(e.children, 0, pretty) + ")";
    }
    case ExprKind::kSubscript:
      return child(0) + "[" + child(1) + "]";
    case ExprKind::kField:
      if (pretty) return e.name;
      return child(0) + "." + QuoteName(e.name);
    case ExprKind::kInterval:
      return IntervalSql(e.interval_micros);
    case ExprKind::kLambda:
      return "<lambda>";
    case ExprKind::kWindow:
      return child(0) + " OVER " + PrintWindowSpec(e, pretty);
  }
  return "?";
}

}  // namespace

std::string Expr::ToString() const { return Print(*this, /*pretty=*/false); }

std::string AutoName(const Expr& e) {
  if (e.kind == ExprKind::kFunction && !e.is_count_star) {
    std::string name = AsciiLower(e.name);
    // Spark aliases time windows and the column of explode() by name.
    if (name == "window" || name == "session_window") return name;
    if (name == "explode" || name == "explode_outer") return "col";
  }
  return Print(e, /*pretty=*/true);
}

std::string WindowSpecSql(const Expr& window) { return PrintWindowSpec(window, /*pretty=*/true); }

ExprPtr MakeColumnRef(std::vector<std::string> parts, Position pos) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::kColumnRef;
  e->pos = pos;
  e->parts = std::move(parts);
  return e;
}

ExprPtr MakeLiteral(types::Value value, types::TypePtr type, Position pos) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::kLiteral;
  e->pos = pos;
  e->value = std::move(value);
  e->literal_type = type ? std::move(type) : types::DataType::Null();
  return e;
}

ExprPtr MakeFunction(std::string name, std::vector<ExprPtr> args, bool distinct, Position pos) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::kFunction;
  e->pos = pos;
  e->name = std::move(name);
  e->children = std::move(args);
  e->distinct = distinct;
  return e;
}

ExprPtr MakeBinary(std::string op, ExprPtr left, ExprPtr right, Position pos) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::kBinary;
  e->pos = pos;
  if (op == "==") op = "=";
  if (op == "!=") op = "<>";
  for (char& c : op) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));  // and -> AND
  e->op = std::move(op);
  e->children = {std::move(left), std::move(right)};
  return e;
}

ExprPtr MakeUnary(std::string op, ExprPtr child, Position pos) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::kUnary;
  e->pos = pos;
  for (char& c : op) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  e->op = std::move(op);
  e->children = {std::move(child)};
  return e;
}

}  // namespace sluice::sql
