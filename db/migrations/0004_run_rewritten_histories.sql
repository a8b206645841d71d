-- Adjusted price series: how many identities a run found with a rewritten past (a split or
-- dividend since their last fetch) and refetched in full.

alter table ops.runs add column histories_refetched integer default 0;  -- identities refetched in full
