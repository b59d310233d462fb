-- 0003_dataset_builds: long dataset writes (a large sampled dataset, a copy, a deletion) commit in
-- bounded chunks so that they never hold the store's one write lock for seconds. While one runs,
-- its dataset is hidden from every read by its status: 'building' until its last chunk makes it
-- 'ready' in one step, 'deleting' from the first step of a deletion until the row is gone.
--
-- builder names the process building the dataset (its boot id, pid and start time), so that
-- whoever opens the store next can tell a build that is still running from one a crash cut
-- short, and remove the latter; NULL once the dataset is ready. updated_at is the build's
-- heartbeat until then.
ALTER TABLE datasets ADD COLUMN builder TEXT;

-- Opening a store looks for unfinished datasets; this keeps that a lookup, not a scan.
CREATE INDEX datasets_unfinished ON datasets(status) WHERE status <> 'ready';
