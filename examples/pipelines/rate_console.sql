-- The first exercise of Spark's streaming guide: the rate source, derived columns,
-- a filter, printed to the console in append mode every two seconds.
-- Run: sluice run examples/pipelines/rate_console.sql   (Ctrl-C stops it cleanly)

CREATE SOURCE ticks USING rate OPTIONS (rowsPerSecond 5);

CREATE SINK out USING console OPTIONS (numRows 20, truncate false);

CREATE STREAMING QUERY rate_categories
  OUTPUT MODE append
  TRIGGER PROCESSING TIME '2 seconds'
  OPTIONS (checkpointLocation '/tmp/sluice/checkpoints/rate_categories')
AS INSERT INTO out
SELECT timestamp, value, value % 10 AS category, value % 2 = 0 AS is_even
FROM ticks
WHERE value % 3 <> 0;
