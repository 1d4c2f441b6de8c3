#include "sluice/expr/functions/signature.h"

#include <cctype>

#include "sluice/expr/coercion.h"
#include "sluice/expr/expr_node.h"
#include "sluice/expr/function_registry.h"

namespace sluice::expr {

using types::DataType;
using types::TypeId;
using types::TypePtr;

std::string CallName(const std::string& sql, std::string_view fallback) {
  size_t i = 0;
  while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
  size_t start = i;
  while (i < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_')) ++i;
  size_t end = i;
  while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
  if (end == start || i >= sql.size() || sql[i] != '(') return std::string(fallback);
  std::string name = sql.substr(start, end - start);
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

std::string Ordinal(size_t index) {
  switch (index) {
    case 0: return "first";
    case 1: return "second";
    case 2: return "third";
    default: return std::to_string(index + 1) + "th";
  }
}

Status CheckArgCount(const std::vector<ExprPtr>& args, size_t min, size_t max, std::string_view name) {
  const size_t n = args.size();
  if (n >= min && n <= max) return Status::OK();
  std::string expected;
  if (max == kVariadic) {
    expected = "> " + std::to_string(min - 1);
  } else if (min == max) {
    expected = std::to_string(min);
  } else {
    expected = "[";
    for (size_t k = min; k <= max; ++k) {
      if (k > min) expected += ", ";
      expected += std::to_string(k);
    }
    expected += "]";
  }
  return Status::AnalysisError("[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `" + std::string(name) + "` requires " +
                               expected + " parameters but the actual number is " + std::to_string(n) +
                               ". Please, refer to 'https://spark.apache.org/docs/latest/sql-ref-functions.html' "
                               "for a fix.");
}

std::string QuoteTypes(std::initializer_list<std::string_view> names) {
  if (names.size() == 1) return "\"" + std::string(*names.begin()) + "\"";
  std::string out = "(";
  bool first = true;
  for (auto n : names) {
    if (!first) out += " or ";
    out += "\"" + std::string(n) + "\"";
    first = false;
  }
  return out + ")";
}

Status UnexpectedInputType(const std::string& sql, size_t index, const std::string& required, const Expr& arg) {
  return Status::AnalysisError("[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"" + sql +
                               "\" due to data type mismatch: The " + Ordinal(index) + " parameter requires the " +
                               required + " type, however \"" + ToSql(arg) + "\" has the type \"" +
                               arg.type()->ToString() + "\".");
}

Status CoerceArg(std::vector<ExprPtr>& args, size_t index, const TypePtr& to, const std::string& sql) {
  const ExprPtr& arg = args[index];
  if (arg->type()->Equals(*to)) return Status::OK();
  if (!CanImplicitCast(*arg->type(), *to)) {
    return UnexpectedInputType(sql, index, "\"" + to->ToString() + "\"", *arg);
  }
  SLUICE_ASSIGN_OR_RETURN(args[index], ImplicitCast(arg, to));
  return Status::OK();
}

Status CoerceArgToOneOf(std::vector<ExprPtr>& args, size_t index, std::initializer_list<TypePtr> types,
                        const std::string& sql) {
  const ExprPtr& arg = args[index];
  for (const auto& t : types) {
    if (arg->type()->Equals(*t)) return Status::OK();
  }
  for (const auto& t : types) {
    if (CanImplicitCast(*arg->type(), *t)) {
      SLUICE_ASSIGN_OR_RETURN(args[index], ImplicitCast(arg, t));
      return Status::OK();
    }
  }
  std::string required = "(";
  bool first = true;
  for (const auto& t : types) {
    if (!first) required += " or ";
    required += "\"" + t->ToString() + "\"";
    first = false;
  }
  required += ")";
  if (types.size() == 1) required = "\"" + types.begin()->get()->ToString() + "\"";
  return UnexpectedInputType(sql, index, required, *arg);
}

Status CoerceNumeric(std::vector<ExprPtr>& args, size_t index, const std::string& sql) {
  const ExprPtr& arg = args[index];
  if (arg->type()->IsNumeric()) return Status::OK();
  if (arg->type()->id() == TypeId::kNull || arg->type()->id() == TypeId::kString) {
    SLUICE_ASSIGN_OR_RETURN(args[index], ImplicitCast(arg, DataType::Double()));
    return Status::OK();
  }
  return UnexpectedInputType(sql, index, "\"NUMERIC\"", *arg);
}

Status RequireArray(std::vector<ExprPtr>& args, size_t index, const std::string& sql) {
  const ExprPtr& arg = args[index];
  if (arg->type()->id() == TypeId::kArray) return Status::OK();
  if (arg->type()->id() == TypeId::kNull) {
    SLUICE_ASSIGN_OR_RETURN(args[index], ImplicitCast(arg, DataType::Array(DataType::Null())));
    return Status::OK();
  }
  return UnexpectedInputType(sql, index, "\"ARRAY\"", *arg);
}

Result<CallSite> BeginCall(std::vector<ExprPtr> args, const std::string& sql, std::string_view canonical, size_t min,
                           size_t max) {
  CallSite call;
  call.name = CallName(sql, canonical);
  call.sql = sql.empty() ? call.name + "(" + RenderList(args, RenderMode::kSql) + ")" : sql;
  call.args = std::move(args);
  SLUICE_RETURN_IF_ERROR(CheckArgCount(call.args, min, max, call.name));
  return call;
}

Result<types::Value> ConstantArg(const Expr& arg, size_t index, std::string_view name, std::string_view param) {
  if (!arg.IsFoldable()) {
    return Status::AnalysisError("[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve \"" + std::string(name) +
                                 "\": the input " + std::string(param) + " (the " + Ordinal(index) +
                                 " argument) should be a foldable expression, however got \"" + ToSql(arg) + "\".");
  }
  EvalContext ctx;
  SLUICE_ASSIGN_OR_RETURN(types::Value v, EvaluateConstant(arg, ctx));
  if (!ctx.error.ok()) return Status::AnalysisError(ctx.error.message());
  return v;
}

}  // namespace sluice::expr
