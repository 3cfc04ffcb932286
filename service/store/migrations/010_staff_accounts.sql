-- Staff who sign in with a password of their own, for a unit without an identity provider,
-- or through it (no password then). Each account is bound to one unit and a role, an
-- advisor's also to their advisor id. Nothing here is about a parent.
CREATE TABLE staff_accounts (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,              -- how they sign in, in lower case
    role TEXT NOT NULL CHECK (role IN ('advisor', 'coordinator', 'manager', 'operator')),
    unit TEXT NOT NULL DEFAULT '',
    advisor TEXT NOT NULL DEFAULT '',
    password_hash TEXT,                      -- Argon2id, encoded; NULL until they set one
    created_at INTEGER NOT NULL              -- Unix seconds, UTC
);

-- One-time links to set a password: only the SHA-256 of the link's secret is kept.
CREATE TABLE staff_password_links (
    secret_hash BLOB PRIMARY KEY,
    account INTEGER NOT NULL REFERENCES staff_accounts (id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Signed-in sessions, server-side: the cookie holds a random id, the store only its SHA-256.
CREATE TABLE staff_sessions (
    id_hash BLOB PRIMARY KEY,
    account INTEGER NOT NULL REFERENCES staff_accounts (id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,                      -- the token every form of the session carries
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX staff_sessions_by_account ON staff_sessions (account);
