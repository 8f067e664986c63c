-- A hash of what the matcher last wrote to a finding (verdict, evidence,
-- SSVC outcome and due date), so a full match compares 64 bits per
-- finding instead of reading every evidence text back. NULL for findings
-- written before it existed: the next match rewrites them once.
ALTER TABLE findings ADD COLUMN match_hash BIGINT;
