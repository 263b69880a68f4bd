package dev.chassis.examples.transfers;

import dev.chassis.data.DataAccessException;
import dev.chassis.data.Transactions;
import dev.chassis.examples.transfers.Transfer.State;
import dev.chassis.messaging.event.Outbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.jspecify.annotations.Nullable;

/** Transfers in the service's own database, and the idempotency keys that name them. */
@Singleton
final class TransferStore {
    private static final String COLUMNS =
            "id, from_account, to_account, amount_cents, state, detail, problem_type, created_at, updated_at";
    /** SQLState of a unique constraint violation, on H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final Transactions tx;
    private final Outbox outbox;

    @Inject
    TransferStore(Transactions tx, Outbox outbox) {
        this.tx = tx;
        this.outbox = outbox;
    }

    /** A transfer as stored, with the problem type of its failure. */
    record Stored(Transfer transfer, @Nullable String problemType) {}

    /** What an idempotency key found. */
    sealed interface Claim {
        /** A new transfer, pending: this request runs its saga. */
        record Started(Transfer transfer) implements Claim {}

        /** The key's transfer, asked for by an earlier request. */
        record Existing(Stored stored) implements Claim {}

        /** The key names a different transfer. */
        record Mismatch(Transfer transfer) implements Claim {}
    }

    /**
     * Starts a transfer under an idempotency key, or finds the one the key already names. A key
     * whose transfer was abandoned starts a new transfer (with a new ID): the old one moved no
     * money, and its ID stays refused by accounts-service, so that a late debit cannot land.
     */
    Claim claim(String key, NewTransfer request) {
        try {
            return tx.inTransaction(c -> claim(c, key, request));
        } catch (DataAccessException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
            // Another request with the same key inserted first; it now holds the key.
            return tx.inTransaction(c -> claim(c, key, request));
        }
    }

    private static Claim claim(Connection c, String key, NewTransfer request) throws SQLException {
        Optional<Stored> existing = select(c, "idempotency_key = ? FOR UPDATE", key);
        if (existing.isPresent()) {
            Transfer transfer = existing.get().transfer();
            if (!transfer.sameAs(request)) {
                return new Claim.Mismatch(transfer);
            }
            if (transfer.state() != State.ABANDONED) {
                return new Claim.Existing(existing.get());
            }
            try (PreparedStatement release =
                    c.prepareStatement("UPDATE transfers SET idempotency_key = NULL WHERE id = ?")) {
                release.setString(1, transfer.id());
                release.executeUpdate();
            }
        }
        Instant now = now();
        Transfer transfer = new Transfer(
                UUID.randomUUID().toString(),
                request.fromAccount(),
                request.toAccount(),
                request.amountCents(),
                State.PENDING,
                null,
                now,
                now);
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO transfers (idempotency_key, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, key);
            insert.setString(2, transfer.id());
            insert.setString(3, transfer.fromAccount());
            insert.setString(4, transfer.toAccount());
            insert.setLong(5, transfer.amountCents());
            insert.setString(6, transfer.state().name());
            insert.setString(7, null);
            insert.setString(8, null);
            insert.setObject(9, timestamp(now));
            insert.setObject(10, timestamp(now));
            insert.executeUpdate();
        }
        return new Claim.Started(transfer);
    }

    Optional<Stored> find(String id) {
        return tx.inTransaction(c -> select(c, "id = ?", id));
    }

    /**
     * Moves a transfer from one state to the next, if it is still in the first: the saga of a
     * request and the recovery pass never both take a step. A null problem type keeps the one
     * stored. A transfer that settles as completed, failed or reversed publishes its event in the
     * same transaction (see {@link TransferEvents}).
     *
     * @return the transfer in its new state, or empty if it was no longer in {@code from}
     */
    Optional<Transfer> advance(
            Transfer transfer, State from, State to, @Nullable String detail, @Nullable String problemType) {
        Instant now = now();
        int updated = tx.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE transfers SET state = ?, detail = ?,"
                    + " problem_type = COALESCE(?, problem_type), updated_at = ? WHERE id = ? AND state = ?")) {
                update.setString(1, to.name());
                update.setString(2, detail);
                update.setString(3, problemType);
                update.setObject(4, timestamp(now));
                update.setString(5, transfer.id());
                update.setString(6, from.name());
                int n = update.executeUpdate();
                if (n == 1) {
                    TransferEvents.publish(outbox, c, transfer, to, detail);
                }
                return n;
            }
        });
        return updated == 1
                ? Optional.of(new Transfer(
                        transfer.id(),
                        transfer.fromAccount(),
                        transfer.toAccount(),
                        transfer.amountCents(),
                        to,
                        detail,
                        transfer.createdAt(),
                        now))
                : Optional.empty();
    }

    /**
     * Transfers whose saga the recovery pass must finish: those being undone since before
     * {@code undoBefore} (the request that began undoing one has usually finished by then; should both
     * undo it, the reversals are idempotent), and those left
     * pending or debited since before {@code staleBefore}.
     */
    List<Transfer> unsettled(Instant undoBefore, Instant staleBefore, int limit) {
        return tx.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM transfers"
                    + " WHERE (state IN (?, ?) AND updated_at < ?) OR (state IN (?, ?) AND updated_at < ?)"
                    + " ORDER BY updated_at")) {
                select.setString(1, State.COMPENSATING.name());
                select.setString(2, State.REVERSING.name());
                select.setObject(3, timestamp(undoBefore));
                select.setString(4, State.PENDING.name());
                select.setString(5, State.DEBITED.name());
                select.setObject(6, timestamp(staleBefore));
                select.setMaxRows(limit);
                List<Transfer> found = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        found.add(read(row).transfer());
                    }
                }
                return found;
            }
        });
    }

    private static Optional<Stored> select(Connection c, String where, String value) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM transfers WHERE " + where)) {
            select.setString(1, value);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(read(row)) : Optional.empty();
            }
        }
    }

    private static Stored read(ResultSet row) throws SQLException {
        return new Stored(
                new Transfer(
                        row.getString(1),
                        row.getString(2),
                        row.getString(3),
                        row.getLong(4),
                        State.valueOf(row.getString(5)),
                        row.getString(6),
                        row.getObject(8, OffsetDateTime.class).toInstant(),
                        row.getObject(9, OffsetDateTime.class).toInstant()),
                row.getString(7));
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
