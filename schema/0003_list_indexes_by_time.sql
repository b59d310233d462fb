-- 0003_list_indexes_by_time: the request-log indexes on model, customer and status code also
-- order by timestamp. Almost every question about request logs is "these logs, in this time
-- range" (sampling requires a range) or "these logs, newest first" (R2's default sort): with the
-- timestamp after the equality column, both are one index range and a page stops after its 50
-- rows, where before SQLite fetched every log of the model (a quarter of the table, kilobytes
-- each) to test its timestamp or to sort. The names stay, since they name the leading column.

DROP INDEX request_logs_org_model;
CREATE INDEX request_logs_org_model ON request_logs(org_id, model, timestamp);

DROP INDEX request_logs_org_customer;
CREATE INDEX request_logs_org_customer ON request_logs(org_id, customer_identifier, timestamp);

DROP INDEX request_logs_org_status_code;
CREATE INDEX request_logs_org_status_code ON request_logs(org_id, status_code, timestamp);
