#include "sluice/expr/aggregates/aggregate_binding.h"

#include <cctype>

#include "sluice/expr/aggregates/aggregates.h"
#include "sluice/expr/aggregates/distinct.h"
#include "sluice/expr/function_registry.h"

namespace sluice::expr::aggregates {

namespace {

const char* Ordinal(size_t i) {
  static const char* kOrdinals[] = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"};
  return i < 10 ? kOrdinals[i] : "next";
}

// Drops "#<digits>" expression-id suffixes: "(value#3 + 1)" -> "(value + 1)".
std::string StripExprIds(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '#' && i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
      while (i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1]))) ++i;
      continue;
    }
    out.push_back(text[i]);
  }
  return out;
}

}  // namespace

std::string ArgDisplayName(const Expr& e) {
  if (e.kind() == ExprKind::kColumnRef) return ColumnRefName(e);
  // Spark's usePrettyExpression: NULL, numbers and strings print bare (count(1), max(a)).
  if (const types::Value* v = e.kind() == ExprKind::kLiteral ? LiteralValue(e) : nullptr) {
    if (v->is_null()) return "NULL";
    if (e.type()->IsNumeric() || e.type()->id() == types::TypeId::kString) return v->ToString(*e.type(), TimeZone{});
  }
  if (e.kind() == ExprKind::kCast && e.type()->id() == types::TypeId::kDouble && e.children().size() == 1) {
    types::TypeId from = e.children()[0]->type()->id();
    if (from == types::TypeId::kString || from == types::TypeId::kNull) return ArgDisplayName(*e.children()[0]);
  }
  return StripExprIds(e.ToString());
}

std::string CallName(const std::string& sql, std::initializer_list<const char*> names) {
  size_t begin = 0;
  while (begin < sql.size() && std::isspace(static_cast<unsigned char>(sql[begin]))) ++begin;
  std::string written;
  for (size_t i = begin; i < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_'); ++i) {
    written.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(sql[i]))));
  }
  for (const char* n : names) {
    if (written == n) return written;
  }
  return *names.begin();
}

Status WrongNumArgs(const std::string& name, const std::string& expected, size_t actual) {
  return Status::AnalysisError("[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `" + name + "` requires " + expected +
                               " parameters but the actual number is " + std::to_string(actual) + ".");
}

Status UnexpectedInputType(const std::string& sql, size_t param_index, const std::string& required, const Expr& arg) {
  return Status::AnalysisError("[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"" + sql +
                               "\" due to data type mismatch: The " + Ordinal(param_index) + " parameter requires the " +
                               required + " type, however \"" + ArgDisplayName(arg) + "\" has the type \"" +
                               arg.type()->ToString() + "\".");
}

Result<ExprPtr> CastStringOrNullToDouble(ExprPtr arg) {
  types::TypeId id = arg->type()->id();
  if (id != types::TypeId::kString && id != types::TypeId::kNull) return arg;
  return ImplicitCast(std::move(arg), types::DataType::Double());
}

AggregateCall MakeCall(std::string name, bool distinct, bool distinct_changes_result, std::vector<ExprPtr> args,
                       types::TypePtr result_type, AggregateFactory create) {
  AggregateCall call;
  call.name = std::move(name);
  call.distinct = distinct;
  if (distinct && distinct_changes_result) {
    std::vector<types::TypePtr> arg_types;
    for (const auto& a : args) arg_types.push_back(a->type());
    call.create = [inner = std::move(create), arg_types = std::move(arg_types)]() {
      return MakeDistinctAggregate(inner(), arg_types);
    };
  } else {
    call.create = std::move(create);
  }
  call.args = std::move(args);
  call.result_type = std::move(result_type);
  return call;
}

}  // namespace sluice::expr::aggregates

namespace sluice::expr {

Status AggregateRuntimeError(const AggregateFunction& function) {
  const auto* source = dynamic_cast<const AggregateErrorSource*>(&function);
  return source == nullptr ? Status::OK() : source->runtime_error();
}

}  // namespace sluice::expr
