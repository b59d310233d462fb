-- 0001_init: the first schema. Organisations and their hashed API keys, request logs, datasets and
-- their dataset logs, evaluators and scores. Timestamps are integer microseconds since the Unix
-- epoch (UTC) so that ranges compare as integers and sort without parsing. JSON values are stored
-- as compact JSON text (a string value keeps its quotes) so that nothing a client sent is lost.
-- Booleans are 0/1 integers.

CREATE TABLE organizations (
  id         INTEGER PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);

CREATE TABLE api_keys (
  id          INTEGER PRIMARY KEY,
  key_hash    TEXT NOT NULL UNIQUE,          -- lowercase hex SHA-256 of the key
  key_prefix  TEXT NOT NULL,                 -- first characters, so a person can tell keys apart
  org_id      INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  environment TEXT NOT NULL DEFAULT 'prod' CHECK (environment IN ('prod', 'test')),
  created_at  INTEGER NOT NULL,
  revoked_at  INTEGER
);

-- The columns shared by request logs and dataset logs (API.md 4.2) have the same names and types
-- in both tables, so one filter catalog expression serves both.
CREATE TABLE request_logs (
  id                           INTEGER PRIMARY KEY,
  org_id                       INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  unique_id                    TEXT NOT NULL UNIQUE,
  timestamp                    INTEGER NOT NULL,
  start_time                   INTEGER NOT NULL,
  environment                  TEXT NOT NULL,
  log_type                     TEXT,
  model                        TEXT,
  provider_id                  TEXT,
  status                       TEXT NOT NULL,
  status_code                  INTEGER NOT NULL,
  error_message                TEXT,
  prompt_tokens                INTEGER NOT NULL,
  completion_tokens            INTEGER NOT NULL,
  total_request_tokens         INTEGER NOT NULL,
  cost                         REAL NOT NULL,
  latency                      REAL,
  time_to_first_token          REAL,
  tokens_per_second            REAL,
  temperature                  REAL,
  max_tokens                   INTEGER,
  stream                       INTEGER NOT NULL,
  positive_feedback            INTEGER,
  customer_identifier          TEXT,
  custom_identifier            TEXT,
  thread_identifier            TEXT,
  group_identifier             TEXT,
  trace_unique_id              TEXT,
  span_name                    TEXT,
  span_workflow_name           TEXT,
  span_parent_id               TEXT,
  prompt_id                    TEXT,
  prompt_name                  TEXT,
  tools                        TEXT,           -- JSON or NULL
  tool_calls                   TEXT,           -- JSON or NULL
  input                        TEXT,           -- JSON or NULL
  output                       TEXT,           -- JSON or NULL
  metadata                     TEXT NOT NULL DEFAULT '{}',  -- JSON object
  -- request logs only
  customer_email               TEXT,
  is_pinned                    INTEGER NOT NULL DEFAULT 0,
  note                         TEXT,
  prompt_cache_hit_tokens      INTEGER NOT NULL DEFAULT 0,
  prompt_cache_creation_tokens INTEGER NOT NULL DEFAULT 0,
  prompt_messages              TEXT,           -- JSON array or NULL
  completion_message           TEXT,           -- JSON object or NULL
  extra                        TEXT NOT NULL DEFAULT '{}'   -- every other field the client sent
);
CREATE INDEX request_logs_org_timestamp ON request_logs(org_id, timestamp);
CREATE INDEX request_logs_org_model ON request_logs(org_id, model);
CREATE INDEX request_logs_org_customer ON request_logs(org_id, customer_identifier);
CREATE INDEX request_logs_org_status_code ON request_logs(org_id, status_code);

CREATE TABLE datasets (
  id                  INTEGER PRIMARY KEY,
  org_id              INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  uuid                TEXT NOT NULL UNIQUE,
  name                TEXT NOT NULL,
  description         TEXT NOT NULL DEFAULT '',
  type                TEXT NOT NULL DEFAULT 'sampling' CHECK (type IN ('sampling', 'llm')),
  status              TEXT NOT NULL DEFAULT 'ready',
  starred             INTEGER NOT NULL DEFAULT 0,
  tags                TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
  initial_log_filters TEXT NOT NULL DEFAULT '{}',  -- exactly as the client sent it
  source_dataset_id   TEXT,
  sampling_info       TEXT,                        -- JSON object or NULL
  -- Kept up to date by the service in the same transaction as each change to the dataset's logs,
  -- so listing and sorting datasets never counts rows.
  log_count                  INTEGER NOT NULL DEFAULT 0,
  completed_annotation_count INTEGER NOT NULL DEFAULT 0,
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL
);
CREATE INDEX datasets_org_created ON datasets(org_id, created_at);

CREATE TABLE dataset_logs (
  id                   INTEGER PRIMARY KEY,
  dataset_id           INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  org_id               INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  unique_id            TEXT NOT NULL,
  timestamp            INTEGER NOT NULL,
  start_time           INTEGER NOT NULL,
  environment          TEXT NOT NULL,
  log_type             TEXT,
  model                TEXT,
  provider_id          TEXT,
  status               TEXT NOT NULL,
  status_code          INTEGER NOT NULL,
  error_message        TEXT,
  prompt_tokens        INTEGER NOT NULL,
  completion_tokens    INTEGER NOT NULL,
  total_request_tokens INTEGER NOT NULL,
  cost                 REAL NOT NULL,
  latency              REAL,
  time_to_first_token  REAL,
  tokens_per_second    REAL,
  temperature          REAL,
  max_tokens           INTEGER,
  stream               INTEGER NOT NULL,
  positive_feedback    INTEGER,
  customer_identifier  TEXT,
  custom_identifier    TEXT,
  thread_identifier    TEXT,
  group_identifier     TEXT,
  trace_unique_id      TEXT,
  span_name            TEXT,
  span_workflow_name   TEXT,
  span_parent_id       TEXT,
  prompt_id            TEXT,
  prompt_name          TEXT,
  tools                TEXT,
  tool_calls           TEXT,
  input                TEXT,
  output               TEXT,
  metadata             TEXT NOT NULL DEFAULT '{}',
  -- dataset logs only
  expected_output         TEXT,
  prompt                  TEXT,
  completion              TEXT,
  messages                TEXT NOT NULL DEFAULT '[]',
  annotation_status       TEXT NOT NULL DEFAULT 'pending',
  annotation_completed_by TEXT,
  source_log_id           TEXT,
  created_at              INTEGER NOT NULL,
  updated_at              INTEGER NOT NULL
);
CREATE UNIQUE INDEX dataset_logs_dataset_unique_id ON dataset_logs(dataset_id, unique_id);
CREATE INDEX dataset_logs_dataset_timestamp ON dataset_logs(dataset_id, timestamp);
CREATE INDEX dataset_logs_dataset_source ON dataset_logs(dataset_id, source_log_id);
-- Lets a retrieve by unique_id alone find its row without knowing the dataset first.
CREATE INDEX dataset_logs_unique_id ON dataset_logs(unique_id);

CREATE TABLE evaluators (
  id               INTEGER PRIMARY KEY,
  org_id           INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  evaluator_id     TEXT NOT NULL,
  slug             TEXT NOT NULL,
  name             TEXT NOT NULL,
  score_value_type TEXT NOT NULL CHECK (score_value_type IN
                     ('numerical', 'percentage', 'boolean', 'string', 'categorical', 'json')),
  kind             TEXT NOT NULL DEFAULT 'manual',   -- how scores are produced (built-in, command, ...)
  config           TEXT NOT NULL DEFAULT '{}',
  created_at       INTEGER NOT NULL,
  UNIQUE (org_id, evaluator_id)
);

CREATE TABLE eval_tasks (
  id                   INTEGER PRIMARY KEY,
  org_id               INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  task_id              TEXT NOT NULL UNIQUE,
  dataset_id           INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  evaluator_id         TEXT NOT NULL,
  name                 TEXT NOT NULL,
  evaluator_slug       TEXT NOT NULL,
  status               TEXT NOT NULL DEFAULT 'pending',
  started_at           INTEGER,
  completed_at         INTEGER,
  error_message        TEXT,
  evaluated_logs_count INTEGER NOT NULL DEFAULT 0,
  score                REAL,
  generation_method    TEXT NOT NULL DEFAULT 'auto',
  experiment_id        TEXT,
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL
);
CREATE INDEX eval_tasks_dataset ON eval_tasks(dataset_id, created_at);

-- One score per (log, evaluator). A score belongs to exactly one dataset log or one request log.
CREATE TABLE eval_scores (
  id             INTEGER PRIMARY KEY,
  dataset_log_id INTEGER REFERENCES dataset_logs(id) ON DELETE CASCADE,
  request_log_id INTEGER REFERENCES request_logs(id) ON DELETE CASCADE,
  evaluator_id   TEXT NOT NULL,
  score_value    TEXT NOT NULL,   -- the stored JSON value
  numeric_value  REAL,            -- what scores__<id> filters read; NULL when not numeric
  created_at     INTEGER NOT NULL,
  CHECK ((dataset_log_id IS NULL) <> (request_log_id IS NULL))
);
CREATE UNIQUE INDEX eval_scores_dataset_log ON eval_scores(dataset_log_id, evaluator_id)
  WHERE dataset_log_id IS NOT NULL;
CREATE UNIQUE INDEX eval_scores_request_log ON eval_scores(request_log_id, evaluator_id)
  WHERE request_log_id IS NOT NULL;
