-- A running count per category in update mode: state survives a restart because the
-- query keeps its checkpoint. Run it, stop it with Ctrl-C, run it again.

CREATE SOURCE ticks USING rate OPTIONS (rowsPerSecond 10);
CREATE SINK out USING console;
SET spark.sql.shuffle.partitions = 2;

CREATE STREAMING QUERY category_counts
  OUTPUT MODE update
  TRIGGER PROCESSING TIME '2 seconds'
  OPTIONS (checkpointLocation '/tmp/sluice/checkpoints/category_counts')
AS INSERT INTO out
SELECT value % 5 AS category, count(*) AS events, sum(value) AS total, max(value) AS latest
FROM ticks
GROUP BY value % 5;
