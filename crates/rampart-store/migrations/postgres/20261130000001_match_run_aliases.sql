-- The vendor alias table a match run used (a hash of its rows): when the
-- table has changed since the last run, the next match is a full one.
ALTER TABLE match_runs ADD COLUMN aliases_hash TEXT NOT NULL DEFAULT '';
