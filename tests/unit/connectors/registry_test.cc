#include <gtest/gtest.h>

#include "sluice/common/clock.h"
#include "sluice/common/config.h"
#include "sluice/connectors/memory/memory_sink.h"
#include "sluice/connectors/memory/memory_stream_registry.h"
#include "sluice/connectors/memory/memory_table_registry.h"
#include "sluice/connectors/registry.h"
#include "test_util.h"

namespace sluice::connectors {
namespace {

using types::Value;

ConnectorContext Context(std::map<std::string, std::string> options, std::string name = "") {
  ConnectorContext ctx;
  ctx.name = std::move(name);
  ctx.options = std::move(options);
  return ctx;
}

types::SchemaPtr SchemaOf(const std::string& ddl) {
  return std::make_shared<types::Schema>(*types::Schema::Parse(ddl));
}

TEST(RegistryTest, ListsEveryConnectorWithKindAndOptions) {
  const auto& list = ConnectorList();
  ASSERT_EQ(list.size(), 7u);
  EXPECT_EQ(list[0].format, "console");
  EXPECT_EQ(list[0].kind, ConnectorKind::kSink);
  EXPECT_EQ(list[1].format, "csv");
  EXPECT_EQ(list[2].format, "json");
  EXPECT_EQ(list[3].format, "memory");
  EXPECT_EQ(list[3].kind, ConnectorKind::kBoth);
  EXPECT_EQ(list[4].format, "rate");
  EXPECT_EQ(list[4].kind, ConnectorKind::kSource);
  ASSERT_EQ(list[4].source_options.size(), 3u);
  EXPECT_STREQ(list[4].source_options[0].name, "rowsPerSecond");
  EXPECT_EQ(list[5].format, "socket");
  EXPECT_EQ(list[6].format, "text");
  std::string help = ConnectorHelpText();
  EXPECT_NE(help.find("rate (source): "), std::string::npos) << help;
  EXPECT_NE(help.find("    rowsPerSecond (long, default 1): "), std::string::npos) << help;
  EXPECT_NE(help.find("memory (source and sink): "), std::string::npos) << help;
  EXPECT_NE(help.find("    numRows (int, default 20): "), std::string::npos) << help;
}

TEST(RegistryTest, UnknownFormatListsKnownOnes) {
  auto r = CreateSource("rat", Context({}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kAnalysisError);
  EXPECT_EQ(r.status().message(),
            "Failed to find the data source: rat; known formats: console, csv, json, memory, rate, socket, text; did you "
            "mean 'rate'?");
  auto sink = CreateSink("kafkaa", Context({}));
  ASSERT_FALSE(sink.ok());
  EXPECT_NE(sink.status().message().find("Failed to find the data source: kafkaa; known formats:"), std::string::npos);
}

TEST(RegistryTest, WrongDirectionIsAnError) {
  auto source = CreateSource("console", Context({}));
  ASSERT_FALSE(source.ok());
  EXPECT_EQ(source.status().message(),
            "Data source console does not support streamed reading; streaming sources: csv, json, memory, rate, "
            "socket, text");
  auto sink = CreateSink("rate", Context({}));
  ASSERT_FALSE(sink.ok());
  EXPECT_EQ(sink.status().message(),
            "Data source rate does not support streamed writing; streaming sinks: console, csv, json, memory, text");
}

TEST(RegistryTest, UnknownOptionNamesItListsValidOnesAndSuggests) {
  auto r = CreateSource("rate", Context({{"rowsPerSecnd", "5"}}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(),
            "unknown option 'rowsPerSecnd' for source 'rate'; valid options: rowsPerSecond, rampUpTime, "
            "numPartitions; did you mean 'rowsPerSecond'?");
  auto sink = CreateSink("console", Context({{"numRow", "5"}}));
  ASSERT_FALSE(sink.ok());
  EXPECT_EQ(sink.status().message(),
            "unknown option 'numRow' for sink 'console'; valid options: numRows, truncate, checkpointLocation; "
            "did you mean 'numRows'?");
}

TEST(RegistryTest, BadOptionValues) {
  auto text = CreateSource("rate", Context({{"rowsPerSecond", "abc"}}));
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().message(),
            "Invalid value 'abc' for option 'rowsPerSecond' of source 'rate': expected an integer");
  auto negative = CreateSource("RATE", Context({{"ROWSPERSECOND", "-1"}}));
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.status().message(),
            "Invalid value '-1'. The option 'rowsPerSecond' must be positive (source 'rate')");
  auto partitions = CreateSource("rate", Context({{"numPartitions", "0"}}));
  ASSERT_FALSE(partitions.ok());
  EXPECT_NE(partitions.status().message().find("The option 'numPartitions' must be positive"), std::string::npos);
  auto truncate = CreateSink("console", Context({{"truncate", "maybe"}}));
  ASSERT_FALSE(truncate.ok());
  EXPECT_EQ(truncate.status().message(),
            "Invalid value 'maybe' for option 'truncate' of sink 'console': expected true or false");
}

TEST(RegistryTest, RateSourceFromOptions) {
  ManualClock clock(0);
  ConnectorContext ctx = Context({{"rowsPerSecond", "5"}, {"numPartitions", "2"}, {"rampUpTime", "3 seconds"}});
  ctx.clock = &clock;
  ASSERT_OK_AND_ASSIGN(auto source, CreateSource("Rate", ctx));
  EXPECT_EQ(source->Description(), "RateStreamV2[rowsPerSecond=5, rampUpTimeSeconds=3, numPartitions=2");
  EXPECT_EQ(source->schema()->ToString(), "timestamp TIMESTAMP, value BIGINT");
  ASSERT_OK_AND_ASSIGN(Offset first, source->LatestOffset(Offset(), ReadLimit{}));  // records the start time
  EXPECT_EQ(first, Offset(0));
  clock.Advance(10 * kMicrosPerSecond);
  ASSERT_OK_AND_ASSIGN(Offset latest, source->LatestOffset(Offset(), ReadLimit{}));
  EXPECT_EQ(latest, Offset(10));
  ASSERT_OK_AND_ASSIGN(auto batches, source->GetBatch(Offset(), latest));
  ASSERT_EQ(batches.size(), 2u);
  // speed grows by 5 / 4 = 1 per second for 3 seconds (6 rows), then 5 per second for 7.
  EXPECT_EQ(batches[0]->num_rows() + batches[1]->num_rows(), 6 + 35);

  ASSERT_OK_AND_ASSIGN(auto defaults, CreateSource("rate", Context({{"rampUpTime", "5s"}})));
  EXPECT_EQ(defaults->Description(), "RateStreamV2[rowsPerSecond=1, rampUpTimeSeconds=5, numPartitions=default");
  ASSERT_OK_AND_ASSIGN(auto bare, CreateSource("rate", Context({{"rampUpTime", "7"}})));
  EXPECT_EQ(bare->Description(), "RateStreamV2[rowsPerSecond=1, rampUpTimeSeconds=7, numPartitions=default");
}

TEST(RegistryTest, SchemasWithoutStarting) {
  ASSERT_OK_AND_ASSIGN(auto rate, SourceSchema("rate", Context({{"rowsPerSecond", "5"}})));
  EXPECT_EQ(rate->ToString(), "timestamp TIMESTAMP, value BIGINT");
  EXPECT_EQ(*SourceSchemaModeOf("rate"), SourceSchemaMode::kFixed);
  EXPECT_EQ(*SourceSchemaModeOf("MEMORY"), SourceSchemaMode::kUserOrConnector);
  EXPECT_FALSE(SourceSchemaModeOf("console").ok());

  ConnectorContext with_schema = Context({});
  with_schema.user_schema = SchemaOf("x INT");
  auto rejected = SourceSchema("rate", with_schema);
  ASSERT_FALSE(rejected.ok());
  EXPECT_NE(rejected.status().message().find("The rate source does not support a user-specified schema"),
            std::string::npos);
  EXPECT_FALSE(CreateSource("rate", with_schema).ok());
  EXPECT_FALSE(SourceSchema("rate", Context({{"bogus", "1"}})).ok());  // options are checked here too
}

TEST(RegistryTest, MemorySourceFindsRegisteredStream) {
  auto stream = std::make_shared<MemoryStream>(SchemaOf("value BIGINT"), "RegistryEvents");
  MemoryStreamRegistry::Global().Register(stream);
  ASSERT_OK(stream->AddData({{Value::Int(1)}}).status());

  ASSERT_OK_AND_ASSIGN(auto schema, SourceSchema("memory", Context({}, "registryevents")));
  EXPECT_EQ(schema->ToString(), "value BIGINT");
  ASSERT_OK_AND_ASSIGN(auto by_name, CreateSource("memory", Context({}, "registryevents")));
  ASSERT_OK_AND_ASSIGN(auto by_option, CreateSource("memory", Context({{"name", "RegistryEvents"}}, "other")));
  EXPECT_EQ(by_name->Description(), "MemoryStream[value]");
  ASSERT_OK_AND_ASSIGN(auto rows, by_option->GetBatch(Offset(), Offset(0)));
  EXPECT_EQ(rows[0]->GetValue(0, 0), Value::Int(1));

  ConnectorContext mismatch = Context({}, "RegistryEvents");
  mismatch.user_schema = SchemaOf("value STRING");
  auto bad = CreateSource("memory", mismatch);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("does not match the stream's (value BIGINT)"), std::string::npos);
  MemoryStreamRegistry::Global().Remove("RegistryEvents");
}

TEST(RegistryTest, MemorySourceWithSchemaCreatesItsStream) {
  auto missing = CreateSource("memory", Context({}, "registry_missing"));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("no memory stream named 'registry_missing' (registered: "),
            std::string::npos)
      << missing.status().message();
  auto unnamed = CreateSource("memory", Context({}));
  ASSERT_FALSE(unnamed.ok());
  EXPECT_NE(unnamed.status().message().find("give option 'name'"), std::string::npos);

  ConnectorContext declared = Context({}, "registry_declared");
  declared.user_schema = SchemaOf("v INT");
  ASSERT_OK_AND_ASSIGN(auto source, CreateSource("memory", declared));
  auto stream = MemoryStreamRegistry::Global().Find("registry_declared");
  ASSERT_NE(stream, nullptr);
  ASSERT_OK(stream->AddData({{Value::Int(4)}}).status());
  ASSERT_OK_AND_ASSIGN(Offset latest, source->LatestOffset(Offset(), ReadLimit{}));
  EXPECT_EQ(latest, Offset(0));
  MemoryStreamRegistry::Global().Remove("registry_declared");
}

TEST(RegistryTest, MemorySinkRegistersItsTable) {
  auto unnamed = CreateSink("memory", Context({}));
  ASSERT_FALSE(unnamed.ok());
  EXPECT_EQ(unnamed.status().message(), "queryName must be specified for memory sink");

  ASSERT_OK_AND_ASSIGN(auto sink, CreateSink("memory", Context({{"QUERYNAME", "RegistryTable"},
                                                                 {"checkpointLocation", "/tmp/x"}})));
  EXPECT_EQ(sink->Description(), "MemorySink");
  EXPECT_TRUE(sink->idempotent());
  auto table = MemoryTableRegistry::Global().Find("registrytable");
  ASSERT_NE(table, nullptr);
  auto batch = types::Batch::FromRows(SchemaOf("value BIGINT"), {{Value::Int(7)}});
  ASSERT_OK(sink->AddBatch(0, {batch}, OutputMode::kAppend));
  ASSERT_OK(sink->AddBatch(0, {batch}, OutputMode::kAppend));
  EXPECT_EQ(table->AllRows(), (std::vector<types::Row>{{Value::Int(7)}}));
  // A new query of the same name replaces the table, as createOrReplaceTempView does.
  ASSERT_OK_AND_ASSIGN(auto again, CreateSink("memory", Context({}, "registryTable")));
  EXPECT_NE(MemoryTableRegistry::Global().Find("RegistryTable"), table);
  EXPECT_TRUE(MemoryTableRegistry::Global().Remove("RegistryTable"));
}

TEST(RegistryTest, ConsoleSinkFromOptions) {
  ASSERT_OK_AND_ASSIGN(auto sink, CreateSink("console", Context({{"numRows", "50"}, {"truncate", "false"}})));
  EXPECT_FALSE(sink->idempotent());
  EXPECT_EQ(sink->Description(), "org.apache.spark.sql.execution.streaming.ConsoleTable$");

  Config conf;
  conf.Set("spark.sql.session.timeZone", "Mars/Olympus");
  ConnectorContext ctx = Context({});
  ctx.conf = &conf;
  auto bad_zone = CreateSink("console", ctx);
  ASSERT_FALSE(bad_zone.ok());
  EXPECT_NE(bad_zone.status().message().find("console sink: session time zone 'Mars/Olympus'"), std::string::npos)
      << bad_zone.status().message();
}

}  // namespace
}  // namespace sluice::connectors
