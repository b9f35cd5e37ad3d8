-- The inbox: one row per platform question (key = platform id), answered once.
CREATE TABLE inbox (
  key TEXT PRIMARY KEY,
  surface TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'answering', 'answered', 'failed')),
  progress TEXT NOT NULL DEFAULT '{}',
  result TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  lease_owner TEXT,
  lease_until INTEGER,
  created_at INTEGER NOT NULL,
  answered_at INTEGER
);
CREATE INDEX inbox_pending ON inbox (state, lease_until, created_at);
CREATE INDEX inbox_created ON inbox (created_at);

-- Conversation turns (questions and answers), for follow-ups.
CREATE TABLE conversation_turns (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  conversation TEXT NOT NULL,
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX conversation_turns_by_conversation ON conversation_turns (conversation, id);
CREATE INDEX conversation_turns_created ON conversation_turns (created_at);
