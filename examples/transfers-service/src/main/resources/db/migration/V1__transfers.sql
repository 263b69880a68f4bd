-- Transfers and where each stands in its saga. Runs on H2 (the embedded default) and PostgreSQL.
CREATE TABLE transfers (
    id              VARCHAR(36)              PRIMARY KEY,
    -- The client's Idempotency-Key; cleared when an abandoned transfer is started again under it.
    idempotency_key VARCHAR(128)             UNIQUE,
    from_account    VARCHAR(64)              NOT NULL,
    to_account      VARCHAR(64)              NOT NULL,
    amount_cents    BIGINT                   NOT NULL,
    state           VARCHAR(16)              NOT NULL,
    detail          VARCHAR(1000),
    problem_type    VARCHAR(200),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- What the recovery pass looks for: transfers not yet settled.
CREATE INDEX transfers_by_state ON transfers (state, updated_at);
