-- Refusals and 👎 with their question, for the staff page (nothing else is kept here); purged after REVIEW_RETENTION_DAYS.
CREATE TABLE staff_review (
  id BIGSERIAL PRIMARY KEY,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  kind TEXT NOT NULL CHECK (kind IN ('refusal', 'thumbs-down')),
  surface TEXT NOT NULL,
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  sources JSONB NOT NULL DEFAULT '[]'::jsonb
);
CREATE INDEX staff_review_created ON staff_review (created_at);
