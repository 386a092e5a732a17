-- run start: (none) -> a run recorded and its first steps entered (a task enqueued, a
-- wait's wake task scheduled, or the run already ended); one step
-- KEYS[1] the run's hash (routes the script; every other key shares its slot prefix)
-- ARGV[1] slot prefix  ARGV[2] now (ms)  ARGV[3] retention of ended runs (s)
-- ARGV[4] the start (JSON, see wf_start in workflow_lib.lua)
-- Returns {1} started, {0} a run with this id exists, {3, existing id} unique per lead.
return wf_start(ARGV[1], cjson.decode(ARGV[4]), ARGV[2], ARGV[3])
