package dev.chassis.examples.accounts;

import dev.chassis.core.http.HttpStatusException;
import dev.chassis.data.Transactions;
import dev.chassis.examples.accounts.Entry.Kind;
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

/**
 * Accounts and their entries in the service's database. Every movement locks its account's row
 * for the length of its transaction, so movements of one account are applied one at a time and a
 * balance never goes below zero.
 */
@Singleton
final class Ledger {
    static final String PROBLEMS = "https://problems.simplebank.example/";

    private final Transactions tx;

    @Inject
    Ledger(Transactions tx) {
        this.tx = tx;
    }

    /** A movement and whether it had been made before (a replay). */
    record Result(Entry entry, boolean replayed) {}

    Account open(NewAccount request) {
        Account account =
                new Account(UUID.randomUUID().toString(), request.owner(), request.openingBalanceCents(), now());
        tx.inTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO accounts (id, owner, balance_cents, opened_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, account.id());
                insert.setString(2, account.owner());
                insert.setLong(3, account.balanceCents());
                insert.setObject(4, OffsetDateTime.ofInstant(account.openedAt(), ZoneOffset.UTC));
                return insert.executeUpdate();
            }
        });
        return account;
    }

    Optional<Account> find(String id) {
        return tx.inTransaction(c -> {
            try (PreparedStatement select =
                    c.prepareStatement("SELECT owner, balance_cents, opened_at FROM accounts WHERE id = ?")) {
                select.setString(1, id);
                try (ResultSet row = select.executeQuery()) {
                    return row.next()
                            ? Optional.of(new Account(
                                    id,
                                    row.getString(1),
                                    row.getLong(2),
                                    row.getObject(3, OffsetDateTime.class).toInstant()))
                            : Optional.empty();
                }
            }
        });
    }

    List<Entry> entries(String accountId) {
        return tx.inTransaction(c -> {
            balance(c, accountId, false);
            try (PreparedStatement select = c.prepareStatement("SELECT transfer_id, kind, amount_cents, balance_cents,"
                    + " made_at FROM entries WHERE account_id = ? ORDER BY made_at, transfer_id")) {
                select.setString(1, accountId);
                List<Entry> entries = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        entries.add(entry(accountId, row));
                    }
                }
                return entries;
            }
        });
    }

    /**
     * Debits or credits an account once for a transfer. Repeating it with the same amount answers
     * the entry made the first time. Once the movement is reversed it is refused, made or not, so
     * that a late retry can neither undo a compensation nor pass for a movement that stands.
     */
    Result move(String accountId, String transferId, Kind kind, long amountCents) {
        return tx.inTransaction(c -> {
            long balance = balance(c, accountId, true);
            if (find(c, accountId, transferId, kind.reversal()).isPresent()) {
                throw HttpStatusException.conflict("the " + label(kind) + " of transfer " + transferId + " on account "
                                + accountId + " was reversed; it cannot be made any more")
                        .type(PROBLEMS + "transfer-reversed");
            }
            Optional<Entry> earlier = find(c, accountId, transferId, kind);
            if (earlier.isPresent()) {
                if (earlier.get().amountCents() != amountCents) {
                    throw HttpStatusException.conflict("transfer " + transferId + " already made a "
                                    + label(kind) + " of " + earlier.get().amountCents() + " cents on account "
                                    + accountId)
                            .type(PROBLEMS + "transfer-id-reused");
                }
                return new Result(earlier.get(), true);
            }
            long after = kind == Kind.DEBIT ? balance - amountCents : balance + amountCents;
            if (after < 0) {
                throw HttpStatusException.conflict(
                                "account " + accountId + " holds " + balance + " cents; the debit needs " + amountCents)
                        .type(PROBLEMS + "insufficient-funds")
                        .title("Insufficient funds")
                        .member("balanceCents", balance)
                        .member("neededCents", amountCents);
            }
            return new Result(record(c, accountId, transferId, kind, amountCents, after), false);
        });
    }

    /**
     * Reverses the debit or credit of a transfer on an account. With nothing to reverse it records
     * an empty reversal, which refuses the movement should it arrive later. Repeating it answers
     * the first reversal.
     */
    Result reverse(String accountId, String transferId, Kind kind) {
        Kind reversal = kind.reversal();
        return tx.inTransaction(c -> {
            long balance = balance(c, accountId, true);
            Optional<Entry> earlier = find(c, accountId, transferId, reversal);
            if (earlier.isPresent()) {
                return new Result(earlier.get(), true);
            }
            Optional<Entry> original = find(c, accountId, transferId, kind);
            long amount = original.map(Entry::amountCents).orElse(0L);
            long after = kind == Kind.DEBIT ? balance + amount : balance - amount;
            if (after < 0) {
                throw HttpStatusException.conflict("account " + accountId + " holds " + balance
                                + " cents; taking back the credit of transfer " + transferId + " needs " + amount)
                        .type(PROBLEMS + "insufficient-funds")
                        .title("Insufficient funds")
                        .member("balanceCents", balance)
                        .member("neededCents", amount);
            }
            return new Result(record(c, accountId, transferId, reversal, amount, after), false);
        });
    }

    private static Entry record(Connection c, String accountId, String transferId, Kind kind, long amount, long after)
            throws SQLException {
        Instant at = now();
        try (PreparedStatement update = c.prepareStatement("UPDATE accounts SET balance_cents = ? WHERE id = ?")) {
            update.setLong(1, after);
            update.setString(2, accountId);
            update.executeUpdate();
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO entries"
                + " (account_id, transfer_id, kind, amount_cents, balance_cents, made_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, accountId);
            insert.setString(2, transferId);
            insert.setString(3, kind.name());
            insert.setLong(4, amount);
            insert.setLong(5, after);
            insert.setObject(6, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            insert.executeUpdate();
        }
        return new Entry(accountId, transferId, kind, amount, after, at);
    }

    private static long balance(Connection c, String accountId, boolean lock) throws SQLException {
        try (PreparedStatement select =
                c.prepareStatement("SELECT balance_cents FROM accounts WHERE id = ?" + (lock ? " FOR UPDATE" : ""))) {
            select.setString(1, accountId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw HttpStatusException.notFound("no account " + accountId)
                            .type(PROBLEMS + "no-such-account");
                }
                return row.getLong(1);
            }
        }
    }

    private static Optional<Entry> find(Connection c, String accountId, String transferId, Kind kind)
            throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT transfer_id, kind, amount_cents, balance_cents,"
                + " made_at FROM entries WHERE account_id = ? AND transfer_id = ? AND kind = ?")) {
            select.setString(1, accountId);
            select.setString(2, transferId);
            select.setString(3, kind.name());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(entry(accountId, row)) : Optional.empty();
            }
        }
    }

    private static Entry entry(String accountId, ResultSet row) throws SQLException {
        return new Entry(
                accountId,
                row.getString(1),
                Kind.valueOf(row.getString(2)),
                row.getLong(3),
                row.getLong(4),
                row.getObject(5, OffsetDateTime.class).toInstant());
    }

    private static String label(Kind kind) {
        return kind == Kind.DEBIT ? "debit" : "credit";
    }

    /** Microseconds: what both H2 and PostgreSQL keep, so an entry read back equals the one made. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
