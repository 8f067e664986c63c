-- The vendor alias table a match run used (a hash of its rows): when the
-- table has changed since the last run, the next match is a full one.
ALTER TABLE match_runs ADD COLUMN aliases_hash TEXT NOT NULL DEFAULT '';

-- When a feed record was last modified by its publisher: an import never
-- replaces a stored record with an older one (an old yearly feed imported
-- after the `modified` feed).
ALTER TABLE vuln_records ADD COLUMN last_modified TEXT;
