-- Accounts and their ledger. Runs on H2 (the embedded default) and PostgreSQL.
CREATE TABLE accounts (
    id            VARCHAR(36)              PRIMARY KEY,
    owner         VARCHAR(100)             NOT NULL,
    balance_cents BIGINT                   NOT NULL CHECK (balance_cents >= 0),
    opened_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One entry of each kind per transfer and account: what makes debits, credits and reversals
-- idempotent, even when a retried request races the first one.
CREATE TABLE entries (
    account_id    VARCHAR(36)              NOT NULL REFERENCES accounts (id),
    transfer_id   VARCHAR(64)              NOT NULL,
    kind          VARCHAR(16)              NOT NULL,
    amount_cents  BIGINT                   NOT NULL,
    balance_cents BIGINT                   NOT NULL,
    made_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (account_id, transfer_id, kind)
);
