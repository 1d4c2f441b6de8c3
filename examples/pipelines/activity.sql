-- User activity from JSON Lines files: examples/activity/generate_activity.cc writes a
-- file of events into /tmp/sluice/activity/input every 2 seconds; two queries read them,
-- one file per micro-batch.
-- Run (builds, starts the generator, runs 20 s, stops it): bash examples/activity/run.sh
-- Or by hand: sluice run examples/pipelines/activity.sql   (while the generator runs)

CREATE SOURCE activity (
  user_id STRING,
  activity_type STRING,
  timestamp TIMESTAMP,
  page_url STRING,
  session_id STRING
) USING json OPTIONS (path '/tmp/sluice/activity/input', maxFilesPerTrigger 1);

CREATE SINK out USING console OPTIONS (numRows 10, truncate false);

-- (a) Clicks and purchases with derived columns, as they arrive.
CREATE STREAMING QUERY activity_events
  OUTPUT MODE append
  TRIGGER PROCESSING TIME '2 seconds'
AS INSERT INTO out
SELECT user_id, activity_type, timestamp, hour(timestamp) AS hour,
       activity_type = 'purchase' AS is_purchase, page_url
FROM activity
WHERE activity_type IN ('click', 'purchase');

-- (b) Running totals per activity type: events and distinct users.
CREATE STREAMING QUERY activity_counts
  OUTPUT MODE complete
  TRIGGER PROCESSING TIME '2 seconds'
AS INSERT INTO out
SELECT activity_type, count(*) AS events, count(DISTINCT user_id) AS users
FROM activity
GROUP BY activity_type
ORDER BY activity_type;
