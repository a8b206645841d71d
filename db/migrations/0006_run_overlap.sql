-- Promotion overlaps fetching: how many promotions (dbt builds of fetched files) a run made, and
-- how long its dbt work went on after the last fetch (the part of dbt that fetching could not hide:
-- the last promotion, then the views, snapshots and data tests of the run).

alter table ops.runs add column promotions integer;
alter table ops.runs add column dbt_tail_seconds double;
