-- Resilient fetching: what the API refused during a run, why a run stopped early, and the
-- call rate it sustained.

alter table ops.runs add column calls integer default 0;                 -- HTTP attempts, retries included
alter table ops.runs add column calls_per_minute double;                 -- sustained rate while fetching
alter table ops.runs add column skipped_unavailable integer default 0;   -- requests not made: plan refusal or stop
alter table ops.runs add column unavailable_datasets varchar;            -- datasets refused by the plan this run, with why
alter table ops.runs add column stop_reason varchar;                     -- quota reached / key rejected: why the run ended early
