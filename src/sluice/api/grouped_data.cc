#include "sluice/api/data_frame.h"
#include "sluice/api/exceptions.h"
#include "sluice/api/functions.h"
#include "sluice/plan/plan_builder.h"
#include "sluice/sql/ast.h"

namespace sluice {

DataFrame GroupedData::agg(const std::vector<Column>& aggregates) const {
  if (aggregates.empty()) {
    api::ThrowIfError(Status::InvalidArgument("agg() needs at least one aggregate expression, e.g. count(\"*\")"));
  }
  std::vector<sql::SelectItem> keys, items;
  keys.reserve(keys_.size());
  for (const auto& k : keys_) keys.push_back(k.ToSelectItem());
  items.reserve(aggregates.size());
  for (const auto& a : aggregates) items.push_back(a.ToSelectItem());
  auto plan = plan::PlanBuilder(df_.logical_plan()).GroupByAgg(std::move(keys), std::move(items)).plan();
  return api::ValueOrThrow(DataFrame::FromPlan(df_.session(), plan));
}

DataFrame GroupedData::count() const { return agg(functions::count("*").alias("count")); }

DataFrame GroupedData::Shortcut(const char* function, const std::vector<std::string>& names) const {
  std::vector<Column> aggregates;
  if (names.empty()) {
    // Spark: every numeric column of the input.
    types::Schema input = df_.schema();
    for (const auto& f : input.fields()) {
      if (f.type->IsNumeric()) aggregates.push_back(functions::call_function(function, Column(sql::MakeColumnRef({f.name}))));
    }
  } else {
    for (const auto& n : names) aggregates.push_back(functions::call_function(function, functions::col(n)));
  }
  return agg(aggregates);
}

DataFrame GroupedData::sum(const std::vector<std::string>& names) const { return Shortcut("sum", names); }
DataFrame GroupedData::avg(const std::vector<std::string>& names) const { return Shortcut("avg", names); }
DataFrame GroupedData::min(const std::vector<std::string>& names) const { return Shortcut("min", names); }
DataFrame GroupedData::max(const std::vector<std::string>& names) const { return Shortcut("max", names); }

}  // namespace sluice
