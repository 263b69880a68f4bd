-- The read model: each account's statement, one line per transfer that touched it, with the
-- balance after it. Runs on H2 (the embedded default) and PostgreSQL.
CREATE TABLE statement_lines (
    account_id    VARCHAR(64)              NOT NULL,
    line          BIGINT                   NOT NULL,
    transfer_id   VARCHAR(64)              NOT NULL,
    kind          VARCHAR(16)              NOT NULL,
    counterparty  VARCHAR(64)              NOT NULL,
    amount_cents  BIGINT                   NOT NULL,
    balance_cents BIGINT                   NOT NULL,
    detail        VARCHAR(1000),
    recorded_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (account_id, line)
);

-- Each account's last line and balance; its row is locked while a line is added.
CREATE TABLE statement_heads (
    account_id    VARCHAR(64) PRIMARY KEY,
    last_line     BIGINT      NOT NULL,
    balance_cents BIGINT      NOT NULL
);
