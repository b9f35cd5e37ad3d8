-- The inbox: one row per platform question (key = platform id), answered once.
CREATE TABLE inbox (
  key TEXT PRIMARY KEY,
  surface TEXT NOT NULL,
  payload JSONB NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'answering', 'answered', 'failed')),
  progress JSONB NOT NULL DEFAULT '{}'::jsonb,
  result JSONB,
  attempts INTEGER NOT NULL DEFAULT 0,
  lease_owner TEXT,
  lease_until TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  answered_at TIMESTAMPTZ
);
CREATE INDEX inbox_created ON inbox (created_at);

-- Conversation turns (questions and answers), for follow-ups on any replica.
CREATE TABLE conversation_turns (
  id BIGSERIAL PRIMARY KEY,
  conversation TEXT NOT NULL,
  question TEXT NOT NULL,
  answer JSONB NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX conversation_turns_by_conversation ON conversation_turns (conversation, id);
CREATE INDEX conversation_turns_created ON conversation_turns (created_at);

-- Feedback (👍/👎) from every surface and replica.
CREATE TABLE feedback (
  id BIGSERIAL PRIMARY KEY,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  surface TEXT NOT NULL,
  user_hash TEXT NOT NULL,
  verdict TEXT NOT NULL CHECK (verdict IN ('up', 'down')),
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  sources JSONB NOT NULL DEFAULT '[]'::jsonb
);
CREATE INDEX feedback_created ON feedback (created_at);
