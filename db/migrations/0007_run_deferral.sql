-- A daily budget (FMP's free plan) may leave part of what is due to later days: how many requests a
-- run left, and the line that said so. Deferral is not a failure: such a run can end 'success'.

alter table ops.runs add column requests_deferred integer default 0;
alter table ops.runs add column deferral varchar;
