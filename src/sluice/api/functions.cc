#include "sluice/api/functions.h"

#include "sluice/api/exceptions.h"
#include "sluice/sql/ast.h"
#include "sluice/sql/parser.h"

namespace sluice::functions {

namespace {

// Splits a column name as Spark's UnresolvedAttribute.quotedString parsing does:
// dots separate parts, backquotes quote a part (`` is a literal backquote).
std::vector<std::string> SplitName(const std::string& name) {
  std::vector<std::string> parts;
  std::string current;
  bool quoted = false;
  bool was_quoted = false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (c == '`') {
      if (quoted && i + 1 < name.size() && name[i + 1] == '`') {
        current += '`';
        ++i;
      } else {
        quoted = !quoted;
        was_quoted = true;
      }
    } else if (c == '.' && !quoted) {
      parts.push_back(current);
      current.clear();
      was_quoted = false;
    } else {
      current += c;
    }
  }
  // An unbalanced backquote: keep the name as written rather than guess.
  if (quoted) return {name};
  if (!current.empty() || was_quoted || !parts.empty()) parts.push_back(current);
  return parts;
}

Column Call(const char* name, std::vector<Column> args) { return call_function(name, args); }

Column StringLit(const std::string& s) { return Column(s); }

}  // namespace

Column col(const std::string& name) {
  if (name == "*") {
    auto e = std::make_shared<sql::Expr>();
    e->kind = sql::ExprKind::kStar;
    return Column(e);
  }
  if (name.size() > 2 && name.compare(name.size() - 2, 2, ".*") == 0) {
    auto e = std::make_shared<sql::Expr>();
    e->kind = sql::ExprKind::kStar;
    e->parts = SplitName(name.substr(0, name.size() - 2));
    return Column(e);
  }
  return Column(sql::MakeColumnRef(SplitName(name)));
}

Column column(const std::string& name) { return col(name); }

Column lit(std::nullptr_t) { return Column(sql::MakeLiteral(types::Value::Null(), types::DataType::Null())); }

Column expr(const std::string& text) {
  sql::SelectItem item = api::ValueOrThrow(sql::ParseSelectItem(text));
  Column out(item.expr);
  return item.alias.empty() ? out : out.alias(item.alias);
}

Column call_function(const std::string& name, const std::vector<Column>& args) {
  std::vector<sql::ExprPtr> children;
  children.reserve(args.size());
  for (const auto& a : args) children.push_back(a.expr());
  return Column(sql::MakeFunction(name, std::move(children)));
}

Column count(const ColumnOrName& c) {
  if (c.column().expr()->kind == sql::ExprKind::kStar && c.column().expr()->parts.empty()) {
    // Spark turns count("*") into count(1), named "count(1)".
    auto e = std::make_shared<sql::Expr>();
    e->kind = sql::ExprKind::kFunction;
    e->name = "count";
    e->is_count_star = true;
    return Column(e);
  }
  return Call("count", {c.column()});
}

Column countDistinct(const std::vector<Column>& columns) {
  std::vector<sql::ExprPtr> children;
  for (const auto& c : columns) children.push_back(c.expr());
  return Column(sql::MakeFunction("count", std::move(children), /*distinct=*/true));
}

Column approx_count_distinct(const ColumnOrName& c) { return Call("approx_count_distinct", {c.column()}); }
Column sum(const ColumnOrName& c) { return Call("sum", {c.column()}); }
Column sum_distinct(const ColumnOrName& c) {
  return Column(sql::MakeFunction("sum", {c.column().expr()}, /*distinct=*/true));
}
Column sumDistinct(const ColumnOrName& c) { return sum_distinct(c); }
Column avg(const ColumnOrName& c) { return Call("avg", {c.column()}); }
Column mean(const ColumnOrName& c) { return Call("mean", {c.column()}); }
Column min(const ColumnOrName& c) { return Call("min", {c.column()}); }
Column max(const ColumnOrName& c) { return Call("max", {c.column()}); }
Column first(const ColumnOrName& c, bool ignore_nulls) {
  return ignore_nulls ? Call("first", {c.column(), Column(true)}) : Call("first", {c.column()});
}
Column last(const ColumnOrName& c, bool ignore_nulls) {
  return ignore_nulls ? Call("last", {c.column(), Column(true)}) : Call("last", {c.column()});
}
Column collect_list(const ColumnOrName& c) { return Call("collect_list", {c.column()}); }
Column collect_set(const ColumnOrName& c) { return Call("collect_set", {c.column()}); }
Column stddev(const ColumnOrName& c) { return Call("stddev", {c.column()}); }
Column stddev_samp(const ColumnOrName& c) { return Call("stddev_samp", {c.column()}); }
Column stddev_pop(const ColumnOrName& c) { return Call("stddev_pop", {c.column()}); }
Column variance(const ColumnOrName& c) { return Call("variance", {c.column()}); }
Column var_samp(const ColumnOrName& c) { return Call("var_samp", {c.column()}); }
Column var_pop(const ColumnOrName& c) { return Call("var_pop", {c.column()}); }

Column window(const ColumnOrName& time_column, const std::string& window_duration, const std::string& slide_duration,
              const std::string& start_time) {
  std::vector<Column> args = {time_column.column(), StringLit(window_duration)};
  if (!slide_duration.empty() || !start_time.empty()) {
    // Spark: a window without a slide slides by its own length.
    args.push_back(StringLit(slide_duration.empty() ? window_duration : slide_duration));
  }
  if (!start_time.empty()) args.push_back(StringLit(start_time));
  return Call("window", std::move(args));
}

Column session_window(const ColumnOrName& time_column, const Column& gap_duration) {
  return Call("session_window", {time_column.column(), gap_duration});
}

Column window_time(const ColumnOrName& window_column) { return Call("window_time", {window_column.column()}); }

Column upper(const ColumnOrName& c) { return Call("upper", {c.column()}); }
Column lower(const ColumnOrName& c) { return Call("lower", {c.column()}); }
Column length(const ColumnOrName& c) { return Call("length", {c.column()}); }
Column trim(const ColumnOrName& c) { return Call("trim", {c.column()}); }
Column ltrim(const ColumnOrName& c) { return Call("ltrim", {c.column()}); }
Column rtrim(const ColumnOrName& c) { return Call("rtrim", {c.column()}); }
Column substring(const ColumnOrName& str, int pos, int len) {
  return Call("substring", {str.column(), Column(pos), Column(len)});
}
Column split(const ColumnOrName& str, const std::string& pattern, int limit) {
  if (limit == -1) return Call("split", {str.column(), StringLit(pattern)});
  return Call("split", {str.column(), StringLit(pattern), Column(limit)});
}
Column regexp_extract(const ColumnOrName& str, const std::string& pattern, int idx) {
  return Call("regexp_extract", {str.column(), StringLit(pattern), Column(idx)});
}
Column regexp_replace(const ColumnOrName& str, const std::string& pattern, const std::string& replacement) {
  return Call("regexp_replace", {str.column(), StringLit(pattern), StringLit(replacement)});
}

Column year(const ColumnOrName& c) { return Call("year", {c.column()}); }
Column month(const ColumnOrName& c) { return Call("month", {c.column()}); }
Column dayofmonth(const ColumnOrName& c) { return Call("dayofmonth", {c.column()}); }
Column dayofweek(const ColumnOrName& c) { return Call("dayofweek", {c.column()}); }
Column hour(const ColumnOrName& c) { return Call("hour", {c.column()}); }
Column minute(const ColumnOrName& c) { return Call("minute", {c.column()}); }
Column second(const ColumnOrName& c) { return Call("second", {c.column()}); }
Column to_date(const ColumnOrName& c, const std::string& format) {
  if (format.empty()) return Call("to_date", {c.column()});
  return Call("to_date", {c.column(), StringLit(format)});
}
Column to_timestamp(const ColumnOrName& c, const std::string& format) {
  if (format.empty()) return Call("to_timestamp", {c.column()});
  return Call("to_timestamp", {c.column(), StringLit(format)});
}
Column date_format(const ColumnOrName& c, const std::string& format) {
  return Call("date_format", {c.column(), StringLit(format)});
}
Column unix_timestamp() { return Call("unix_timestamp", {}); }
Column unix_timestamp(const ColumnOrName& c, const std::string& format) {
  if (format.empty()) return Call("unix_timestamp", {c.column()});
  return Call("unix_timestamp", {c.column(), StringLit(format)});
}
Column from_unixtime(const ColumnOrName& c, const std::string& format) {
  if (format.empty()) return Call("from_unixtime", {c.column()});
  return Call("from_unixtime", {c.column(), StringLit(format)});
}
Column timestamp_seconds(const ColumnOrName& c) { return Call("timestamp_seconds", {c.column()}); }
Column current_timestamp() { return Call("current_timestamp", {}); }
Column current_date() { return Call("current_date", {}); }

Column abs(const ColumnOrName& c) { return Call("abs", {c.column()}); }
Column round(const ColumnOrName& c, int scale) {
  if (scale == 0) return Call("round", {c.column()});
  return Call("round", {c.column(), Column(scale)});
}
Column floor(const ColumnOrName& c) { return Call("floor", {c.column()}); }
Column ceil(const ColumnOrName& c) { return Call("ceil", {c.column()}); }
Column pow(const ColumnOrName& base, const Column& exponent) { return Call("pow", {base.column(), exponent}); }
Column sqrt(const ColumnOrName& c) { return Call("sqrt", {c.column()}); }
Column exp(const ColumnOrName& c) { return Call("exp", {c.column()}); }
Column log(const ColumnOrName& c) { return Call("ln", {c.column()}); }
Column rand() { return Call("rand", {}); }
Column rand(int64_t seed) { return Call("rand", {Column(seed)}); }

Column size(const ColumnOrName& c) { return Call("size", {c.column()}); }
Column array_contains(const ColumnOrName& c, const Column& value) {
  return Call("array_contains", {c.column(), value});
}
Column explode(const ColumnOrName& c) { return Call("explode", {c.column()}); }
Column explode_outer(const ColumnOrName& c) { return Call("explode_outer", {c.column()}); }
Column from_json(const ColumnOrName& c, const std::string& schema) {
  return Call("from_json", {c.column(), StringLit(schema)});
}
Column to_json(const ColumnOrName& c) { return Call("to_json", {c.column()}); }
Column get_json_object(const ColumnOrName& c, const std::string& path) {
  return Call("get_json_object", {c.column(), StringLit(path)});
}

Column when(const Column& condition, const Column& value) {
  auto e = std::make_shared<sql::Expr>();
  e->kind = sql::ExprKind::kCase;
  e->children = {condition.expr(), value.expr()};
  return Column(e);
}

Column isnull(const ColumnOrName& c) { return c.column().isNull(); }

}  // namespace sluice::functions
