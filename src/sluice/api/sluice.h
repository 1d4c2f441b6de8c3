#pragma once

// The public C++ API of sluice, shaped after Spark Structured Streaming (PySpark/Scala):
//   #include "sluice/api/sluice.h"
//   using namespace sluice::functions;
//   auto session = sluice::Session::Create();
//   auto events = session->readStream().format("rate").option("rowsPerSecond", 5).load();
//   auto query = events.where(col("value") % 2 == 0).writeStream().format("console").start();
//   query.awaitTermination(10000);
//   query.stop();
// See docs/cpp-api.md for every class and the mapping to PySpark names.

#include "sluice/api/column.h"              // IWYU pragma: export
#include "sluice/api/data_frame.h"          // IWYU pragma: export
#include "sluice/api/data_frame_reader.h"   // IWYU pragma: export
#include "sluice/api/data_stream_reader.h"  // IWYU pragma: export
#include "sluice/api/data_stream_writer.h"  // IWYU pragma: export
#include "sluice/api/exceptions.h"          // IWYU pragma: export
#include "sluice/api/foreach_writer.h"      // IWYU pragma: export
#include "sluice/api/functions.h"           // IWYU pragma: export
#include "sluice/api/memory_stream.h"       // IWYU pragma: export
#include "sluice/api/rows.h"                // IWYU pragma: export
#include "sluice/api/runtime_config.h"      // IWYU pragma: export
#include "sluice/api/session.h"             // IWYU pragma: export
#include "sluice/api/streaming_query.h"     // IWYU pragma: export
#include "sluice/api/streaming_query_manager.h"  // IWYU pragma: export
#include "sluice/api/trigger.h"             // IWYU pragma: export
