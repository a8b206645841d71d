-- Calls that reached the API. `attempts` counts every try of a request, including those that never
-- got an HTTP response (no network, DNS failure, connection refused); only the others count against
-- the API's budget, so the daily budget (FMP basic: 250 calls a day) sums `calls`, not `attempts`.

alter table ops.file_ingestions add column calls integer;  -- attempts that got an HTTP response

-- Rows written before this column: a response means every attempt got one (a transport failure
-- that a later attempt overcame cannot be told apart any more), no response means none did.
update ops.file_ingestions set calls = case when http_status is null then 0 else attempts end;
