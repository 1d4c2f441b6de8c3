-- Word count over lines from a TCP socket (Spark's structured streaming quick example).
-- Needs a line server on 127.0.0.1:9999: the bundled one (examples/socket/line_server.cc)
-- or `nc -lk 9999`. The socket source is not fault tolerant, so the query keeps no
-- checkpoint of its own (the console sink uses a temporary one).
-- Run (builds, starts the line server, runs 20 s, stops it): bash examples/socket/run.sh

CREATE SOURCE lines USING socket OPTIONS (host '127.0.0.1', port 9999);

CREATE SINK out USING console OPTIONS (numRows 20);

CREATE STREAMING QUERY word_counts
  OUTPUT MODE complete
  TRIGGER PROCESSING TIME '2 seconds'
AS INSERT INTO out
SELECT word, count(*) AS count
FROM (SELECT explode(split(value, ' ')) AS word FROM lines) words
GROUP BY word
ORDER BY count DESC, word;
