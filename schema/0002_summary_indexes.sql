-- 0002_summary_indexes: lets a dataset summary (S1) read two index ranges instead of every wide
-- dataset_logs row and a join per log: the summary's columns are covered by one index, and each
-- score carries its dataset so that a dataset's scores are one range of another.

-- Covers the aggregates of API.md 4.6 (the org_id term every query carries included), so the
-- totals never touch the table rows, whose input and output make them kilobytes wide. `id`
-- comes before the aggregated columns so that new logs, whose ids only grow, append at the end
-- of their dataset's range instead of landing at random places in it.
CREATE INDEX dataset_logs_dataset_summary ON dataset_logs(
  dataset_id, org_id, id, cost, prompt_tokens, completion_tokens, latency, tokens_per_second,
  time_to_first_token);

-- Derived from dataset_log_id (a dataset log never moves), so no foreign key of its own: the
-- dataset_logs cascade already removes the scores.
ALTER TABLE eval_scores ADD COLUMN dataset_id INTEGER;

UPDATE eval_scores
SET dataset_id = (SELECT d.dataset_id FROM dataset_logs AS d WHERE d.id = eval_scores.dataset_log_id)
WHERE dataset_log_id IS NOT NULL;

-- Writers that know the dataset set dataset_id themselves (a whole dataset's scores are copied
-- set-based); this keeps any other insert from leaving it NULL and the summary short.
CREATE TRIGGER eval_scores_fill_dataset_id AFTER INSERT ON eval_scores
WHEN NEW.dataset_log_id IS NOT NULL AND NEW.dataset_id IS NULL
BEGIN
  UPDATE eval_scores
  SET dataset_id = (SELECT d.dataset_id FROM dataset_logs AS d WHERE d.id = NEW.dataset_log_id)
  WHERE id = NEW.id;
END;

CREATE INDEX eval_scores_dataset_summary ON eval_scores(
  dataset_id, evaluator_id, numeric_value, score_value) WHERE dataset_id IS NOT NULL;
