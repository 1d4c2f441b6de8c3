// The user-activity example (examples/pipelines/activity.sql) written against the C++ API,
// built outside the sluice tree against the installed library (find_package(sluice)).
//
//   activity_example [INPUT_DIR] [SECONDS]
//
// Reads the JSON Lines files that activity_generator writes into INPUT_DIR (default
// /tmp/sluice/activity/input), one file per micro-batch, and runs two queries on a
// 2-second trigger for SECONDS seconds (default 20), printing each batch to the console:
//   (a) clicks and purchases with hour(timestamp) and is_purchase columns (append);
//   (b) events and distinct users per activity type (complete).
// Run it with examples/cpp/run.sh, which installs sluice and starts the generator.
#include <cstdlib>
#include <iostream>
#include <string>

#include "sluice/api/sluice.h"

using namespace sluice::functions;

int main(int argc, char** argv) {
  std::string input = argc > 1 ? argv[1] : "/tmp/sluice/activity/input";
  int seconds = argc > 2 ? std::atoi(argv[2]) : 20;
  if (seconds <= 0) {
    std::cerr << "usage: activity_example [INPUT_DIR] [SECONDS]\n";
    return 2;
  }
  try {
    auto session = sluice::Session::Create();
    auto activity = session->readStream()
                        .format("json")
                        .schema("user_id STRING, activity_type STRING, timestamp TIMESTAMP, "
                                "page_url STRING, session_id STRING")
                        .option("maxFilesPerTrigger", 1)
                        .load(input);

    // (a) Clicks and purchases with derived columns, as they arrive.
    auto events = activity.where(col("activity_type").isin("click", "purchase"))
                      .select(col("user_id"), col("activity_type"), col("timestamp"),
                              hour("timestamp").alias("hour"),
                              (col("activity_type") == "purchase").alias("is_purchase"),
                              col("page_url"))
                      .writeStream()
                      .format("console")
                      .option("numRows", 10)
                      .option("truncate", false)
                      .queryName("activity_events")
                      .outputMode("append")
                      .trigger(sluice::Trigger::ProcessingTime("2 seconds"))
                      .start();

    // (b) Running totals per activity type: events and distinct users.
    auto counts = activity.groupBy("activity_type")
                      .agg(count("*").alias("events"), countDistinct("user_id").alias("users"))
                      .orderBy("activity_type")
                      .writeStream()
                      .format("console")
                      .option("truncate", false)
                      .queryName("activity_counts")
                      .outputMode("complete")
                      .trigger(sluice::Trigger::ProcessingTime("2 seconds"))
                      .start();

    // Runs for the given time; a failed query throws StreamingQueryException here.
    session->streams().awaitAnyTermination(static_cast<int64_t>(seconds) * 1000);
    events.stop();
    counts.stop();
    std::cerr << "activity_example: stopped after " << seconds << " s\n";
    return 0;
  } catch (const sluice::SluiceException& e) {
    std::cerr << "activity_example: " << e.what() << '\n';
    return 1;
  }
}
