-- chassis-messaging's tables, in their own Flyway history (chassis_messaging_schema_history).

-- The transactional outbox: one row per event, written in the transaction of its state change,
-- sent by the relay in id order and deleted once Kafka acknowledged it.
CREATE TABLE chassis_outbox (
    id             BIGSERIAL                PRIMARY KEY,
    event_id       VARCHAR(36)              NOT NULL,
    topic          VARCHAR(249)             NOT NULL,
    event_key      TEXT,
    event_type     VARCHAR(200)             NOT NULL,
    payload        BYTEA                    NOT NULL,
    -- Every record header, as a JSON object of text values.
    headers        TEXT                     NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The relay's lease: of the instances sharing the outbox, the one named in owner sends until
-- expires_at (the database's clock), renewing it as it goes.
CREATE TABLE chassis_outbox_lease (
    name       VARCHAR(64)              PRIMARY KEY,
    owner      VARCHAR(200)             NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO chassis_outbox_lease (name, owner, expires_at)
    VALUES ('relay', '', TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00');

-- The inbox: the events each consumer group handled, written in the handler's transaction.
CREATE TABLE chassis_inbox (
    consumer_group VARCHAR(249)             NOT NULL,
    event_id       VARCHAR(200)             NOT NULL,
    topic          VARCHAR(249)             NOT NULL,
    handled_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (consumer_group, event_id)
);
CREATE INDEX chassis_inbox_by_time ON chassis_inbox (handled_at);
