// Runs a memory-stream aggregation through the installed sluice API and prints the
// totals as "user total" lines. Exits 1 if the totals are not the expected ones.
#include <iostream>

#include "sluice/api/sluice.h"

using namespace sluice::functions;

int main() {
  try {
    auto session = sluice::Session::Create();
    auto events = session->memoryStream("events", "user STRING, n INT");
    auto query = events.toDF()
                     .groupBy("user")
                     .agg(sum("n").alias("total"))
                     .writeStream()
                     .format("memory")
                     .queryName("totals")
                     .outputMode("complete")
                     .start();
    events.addData({sluice::MakeRow("ann", 2), sluice::MakeRow("bo", 7)});
    events.addData({sluice::MakeRow("ann", 3)});
    query.processAllAvailable();
    auto rows = session->sql("SELECT user, total FROM totals ORDER BY user").collect();
    query.stop();
    for (const auto& row : rows) {
      std::cout << row[0].string_value() << ' ' << row[1].int_value() << '\n';
    }
    bool ok = rows.size() == 2 && rows[0][0].string_value() == "ann" && rows[0][1].int_value() == 5 &&
              rows[1][0].string_value() == "bo" && rows[1][1].int_value() == 7;
    return ok ? 0 : 1;
  } catch (const sluice::SluiceException& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
}
