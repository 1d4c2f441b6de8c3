#include "sluice/api/data_frame.h"

#include <algorithm>
#include <cctype>
#include <iostream>

#include "sluice/api/data_stream_writer.h"
#include "sluice/api/exceptions.h"
#include "sluice/api/functions.h"
#include "sluice/api/session.h"
#include "sluice/connectors/console/show_string.h"
#include "sluice/plan/analyzer.h"
#include "sluice/plan/plan_builder.h"
#include "sluice/runtime/catalog.h"
#include "sluice/runtime/query_planner.h"

namespace sluice {

namespace {

bool EqualsIgnoreCase(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

// Spark's DataType.typeName, as printSchema shows it.
std::string TypeName(const types::DataType& type) {
  switch (type.id()) {
    case types::TypeId::kNull: return "void";
    case types::TypeId::kBoolean: return "boolean";
    case types::TypeId::kInt: return "integer";
    case types::TypeId::kBigint: return "long";
    case types::TypeId::kDouble: return "double";
    case types::TypeId::kString: return "string";
    case types::TypeId::kBinary: return "binary";
    case types::TypeId::kTimestamp: return "timestamp";
    case types::TypeId::kDate: return "date";
    case types::TypeId::kStruct: return "struct";
    case types::TypeId::kArray: return "array";
  }
  return "unknown";
}

// Spark's StructType.treeString body: one " |-- name: type (nullable = b)" line per
// field, nested fields and array elements indented by " |   ".
void AppendTree(const types::DataType& type, const std::string& prefix, std::string* out) {
  if (type.id() == types::TypeId::kStruct) {
    for (const auto& f : type.fields()) {
      *out += prefix + "-- " + f.name + ": " + TypeName(*f.type) + " (nullable = " + (f.nullable ? "true" : "false") +
              ")\n";
      AppendTree(*f.type, prefix + "    |", out);
    }
  } else if (type.id() == types::TypeId::kArray) {
    *out += prefix + "-- element: " + TypeName(*type.element()) + " (containsNull = true)\n";
    AppendTree(*type.element(), prefix + "    |", out);
  }
}

// NULL cast to `type`, for columns that one side of unionByName lacks.
sql::ExprPtr NullOf(const types::TypePtr& type) {
  auto e = std::make_shared<sql::Expr>();
  e->kind = sql::ExprKind::kCast;
  e->op = "CAST";
  e->cast_type = type;
  e->children = {sql::MakeLiteral(types::Value::Null(), types::DataType::Null())};
  return e;
}

Column NamedColumn(const std::string& name) { return Column(sql::MakeColumnRef({name})); }

}  // namespace

DataFrame::DataFrame(std::shared_ptr<Session> session, std::shared_ptr<const plan::LogicalPlan> plan,
                     std::shared_ptr<const plan::PlanNode> analyzed)
    : session_(std::move(session)), plan_(std::move(plan)), analyzed_(std::move(analyzed)) {}

Result<DataFrame> DataFrame::FromPlan(std::shared_ptr<Session> session, std::shared_ptr<const plan::LogicalPlan> plan) {
  Config conf = session->ConfSnapshot();
  plan::Analyzer analyzer(*session->catalog(), conf);
  SLUICE_ASSIGN_OR_RETURN(plan::PlanPtr analyzed, analyzer.Analyze(*plan));
  return DataFrame(std::move(session), std::move(plan), std::move(analyzed));
}

DataFrame DataFrame::Derive(std::shared_ptr<const plan::LogicalPlan> plan) const {
  return api::ValueOrThrow(FromPlan(session_, std::move(plan)));
}

DataFrame DataFrame::select(const std::vector<ColumnOrName>& columns) const {
  std::vector<sql::SelectItem> items;
  items.reserve(columns.size());
  for (const auto& c : columns) items.push_back(c.column().ToSelectItem());
  return Derive(plan::PlanBuilder(plan_).Select(std::move(items)).plan());
}

DataFrame DataFrame::selectExpr(const std::vector<std::string>& expressions) const {
  return Derive(api::ValueOrThrow(plan::PlanBuilder(plan_).SelectExpr(expressions)).plan());
}

DataFrame DataFrame::where(const Column& condition) const {
  return Derive(plan::PlanBuilder(plan_).Where(condition.expr()).plan());
}

DataFrame DataFrame::where(const std::string& condition) const {
  return Derive(api::ValueOrThrow(plan::PlanBuilder(plan_).Where(condition)).plan());
}

DataFrame DataFrame::where(const char* condition) const { return where(std::string(condition)); }

DataFrame DataFrame::withColumn(const std::string& name, const Column& value) const {
  return Derive(plan::PlanBuilder(plan_).WithColumn(name, value.expr()).plan());
}

DataFrame DataFrame::withColumnRenamed(const std::string& existing, const std::string& new_name) const {
  return Derive(plan::PlanBuilder(plan_).WithColumnRenamed(existing, new_name).plan());
}

DataFrame DataFrame::drop(const std::vector<std::string>& names) const {
  std::vector<ColumnOrName> keep;
  types::Schema current = schema();
  for (const auto& field : current.fields()) {
    bool dropped = std::any_of(names.begin(), names.end(), [&](const auto& n) { return EqualsIgnoreCase(n, field.name); });
    if (!dropped) keep.emplace_back(NamedColumn(field.name));
  }
  return select(keep);
}

DataFrame DataFrame::alias(const std::string& alias) const {
  return Derive(plan::PlanBuilder(plan_).Alias(alias).plan());
}

GroupedData DataFrame::groupBy(const std::vector<ColumnOrName>& columns) const {
  std::vector<Column> keys;
  keys.reserve(columns.size());
  for (const auto& c : columns) keys.push_back(c.column());
  // Spark resolves the grouping columns at once: check them as a projection.
  if (!keys.empty()) select(columns);
  return GroupedData(*this, std::move(keys));
}

DataFrame DataFrame::agg(const std::vector<Column>& aggregates) const { return GroupedData(*this, {}).agg(aggregates); }

DataFrame DataFrame::distinct() const { return Derive(plan::PlanBuilder(plan_).Distinct().plan()); }

DataFrame DataFrame::dropDuplicates(const std::vector<std::string>& columns) const {
  return Derive(plan::PlanBuilder(plan_).DropDuplicates(columns, /*within_watermark=*/false).plan());
}

DataFrame DataFrame::dropDuplicatesWithinWatermark(const std::vector<std::string>& columns) const {
  return Derive(plan::PlanBuilder(plan_).DropDuplicates(columns, /*within_watermark=*/true).plan());
}

DataFrame DataFrame::withWatermark(const std::string& event_time, const std::string& delay) const {
  return Derive(api::ValueOrThrow(plan::PlanBuilder(plan_).WithWatermark(event_time, delay)).plan());
}

DataFrame DataFrame::join(const DataFrame& right, const Column& on, const std::string& how) const {
  return Derive(api::ValueOrThrow(plan::PlanBuilder(plan_).Join(plan::PlanBuilder(right.plan_), on.expr(), how)).plan());
}

DataFrame DataFrame::join(const DataFrame& right, const std::vector<std::string>& using_columns,
                          const std::string& how) const {
  return Derive(
      api::ValueOrThrow(plan::PlanBuilder(plan_).JoinUsing(plan::PlanBuilder(right.plan_), using_columns, how)).plan());
}

DataFrame DataFrame::join(const DataFrame& right, const char* using_column, const std::string& how) const {
  return join(right, std::vector<std::string>{using_column}, how);
}

DataFrame DataFrame::crossJoin(const DataFrame& right) const {
  return Derive(api::ValueOrThrow(plan::PlanBuilder(plan_).Join(plan::PlanBuilder(right.plan_), nullptr, "cross")).plan());
}

DataFrame DataFrame::unionAll(const DataFrame& other) const {
  return Derive(plan::PlanBuilder(plan_).Union(plan::PlanBuilder(other.plan_)).plan());
}

DataFrame DataFrame::unionByName(const DataFrame& other, bool allow_missing_columns) const {
  types::Schema left = schema();
  types::Schema right = other.schema();
  auto find = [](const types::Schema& s, const std::string& name) {
    for (size_t i = 0; i < s.num_fields(); ++i) {
      if (EqualsIgnoreCase(s.field(i).name, name)) return static_cast<int>(i);
    }
    return -1;
  };
  if (!allow_missing_columns) {
    if (left.num_fields() != right.num_fields()) {
      api::ThrowIfError(Status::AnalysisError(
          "[NUM_COLUMNS_MISMATCH] UNION can only be performed on inputs with the same number of columns, but the "
          "first input has " + std::to_string(left.num_fields()) + " columns and the second input has " +
          std::to_string(right.num_fields()) + " columns. Use unionByName(other, true) to fill missing columns "
          "with NULL."));
    }
    std::vector<ColumnOrName> reordered;
    for (const auto& f : left.fields()) {
      if (find(right, f.name) < 0) {
        std::string names;
        for (const auto& r : right.fields()) names += (names.empty() ? "" : ", ") + r.name;
        api::ThrowIfError(Status::AnalysisError("[UNRESOLVED_COLUMN_AMONG_FIELD_NAMES] Cannot resolve column name \"" +
                                                f.name + "\" among (" + names + ")."));
      }
      reordered.emplace_back(NamedColumn(f.name));
    }
    return unionAll(other.select(reordered));
  }
  // Output: the left columns, then the right-only ones; each side fills its gaps with NULL.
  std::vector<ColumnOrName> left_items, right_items;
  for (const auto& f : left.fields()) {
    left_items.emplace_back(NamedColumn(f.name));
    right_items.emplace_back(find(right, f.name) >= 0 ? NamedColumn(f.name) : Column(NullOf(f.type)).alias(f.name));
  }
  for (const auto& f : right.fields()) {
    if (find(left, f.name) >= 0) continue;
    left_items.emplace_back(Column(NullOf(f.type)).alias(f.name));
    right_items.emplace_back(NamedColumn(f.name));
  }
  return select(left_items).unionAll(other.select(right_items));
}

DataFrame DataFrame::orderBy(const std::vector<ColumnOrName>& columns) const {
  std::vector<sql::OrderItem> order;
  order.reserve(columns.size());
  for (const auto& c : columns) order.push_back(c.column().ToOrderItem());
  return Derive(plan::PlanBuilder(plan_).OrderBy(std::move(order)).plan());
}

DataFrame DataFrame::limit(int64_t n) const {
  if (n < 0) {
    api::ThrowIfError(Status::AnalysisError("The limit expression must be equal to or greater than 0, but got " +
                                            std::to_string(n)));
  }
  return Derive(plan::PlanBuilder(plan_).Limit(n).plan());
}

DataFrame DataFrame::repartition(int64_t num_partitions) const {
  if (num_partitions <= 0) {
    api::ThrowIfError(Status::InvalidArgument("Number of partitions (" + std::to_string(num_partitions) +
                                              ") must be positive."));
  }
  return Derive(plan::PlanBuilder(plan_).Repartition(num_partitions).plan());
}

bool DataFrame::isStreaming() const { return analyzed_->streaming; }

types::Schema DataFrame::schema() const { return *analyzed_->OutputSchema(); }

std::vector<std::string> DataFrame::columns() const { return schema().FieldNames(); }

std::vector<std::pair<std::string, std::string>> DataFrame::dtypes() const {
  std::vector<std::pair<std::string, std::string>> out;
  types::Schema current = schema();
  for (const auto& f : current.fields()) out.emplace_back(f.name, f.type->SimpleString());
  return out;
}

std::string DataFrame::schemaTreeString() const {
  std::string out = "root\n";
  AppendTree(*schema().AsStruct(), " |", &out);
  return out;
}

void DataFrame::printSchema() const { std::cout << schemaTreeString() << "\n" << std::flush; }

std::string DataFrame::explainString(bool extended) const {
  Config conf = session_->ConfSnapshot();
  auto prepared = api::ValueOrThrow(runtime::PrepareQuery(*plan_, *session_->catalog(), conf, std::nullopt));
  return runtime::ExplainString(prepared, extended);
}

void DataFrame::explain(bool extended) const { std::cout << explainString(extended) << "\n" << std::flush; }

Result<std::vector<types::BatchPtr>> DataFrame::Run(std::shared_ptr<const plan::LogicalPlan> plan,
                                                    types::SchemaPtr* schema) const {
  Config conf = session_->ConfSnapshot();
  return runtime::RunBatchQuery(*plan, *session_->catalog(), conf, schema);
}

Result<std::vector<types::Row>> DataFrame::tryCollect() const {
  SLUICE_ASSIGN_OR_RETURN(std::vector<types::BatchPtr> batches, Run(plan_, nullptr));
  std::vector<types::Row> rows;
  for (const auto& b : batches) {
    for (int64_t i = 0; i < b->num_rows(); ++i) rows.push_back(b->GetRow(i));
  }
  return rows;
}

std::vector<types::Row> DataFrame::collect() const { return api::ValueOrThrow(tryCollect()); }

std::vector<types::Row> DataFrame::take(int64_t n) const { return limit(n).collect(); }

int64_t DataFrame::count() const {
  std::vector<types::Row> rows = groupBy().count().collect();
  if (rows.size() != 1 || rows[0].size() != 1 || !rows[0][0].is_int()) {
    api::ThrowIfError(Status::Internal("count(): expected one BIGINT row, got " + std::to_string(rows.size()) + " rows"));
  }
  return rows[0][0].int_value();
}

std::string DataFrame::showString(int n, int truncate) const {
  int num_rows = std::max(n, 0);
  TimeZone tz = api::ValueOrThrow(session_->SessionTimeZone());
  // Like Spark's show(): read one row more than shown, to know whether to say
  // "only showing top n rows".
  types::SchemaPtr schema;
  auto batches = api::ValueOrThrow(Run(plan::PlanBuilder(plan_).Limit(num_rows + 1).plan(), &schema));
  return connectors::ShowString(*schema, batches, num_rows, std::max(truncate, 0), tz);
}

void DataFrame::show(int n, bool truncate) const { show(n, truncate ? 20 : 0); }

void DataFrame::show(int n, int truncate) const { std::cout << showString(n, truncate) << "\n" << std::flush; }

DataStreamWriter DataFrame::writeStream() const { return DataStreamWriter(*this); }

}  // namespace sluice
