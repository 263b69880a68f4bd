package dev.chassis.examples.statements;

import dev.chassis.data.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.jspecify.annotations.Nullable;

/** The statements read model in the service's own database. */
@Singleton
final class StatementStore {
    private final Transactions tx;

    @Inject
    StatementStore(Transactions tx) {
        this.tx = tx;
    }

    /** One line of a statement. */
    record Line(
            long line,
            String transferId,
            String kind,
            String counterparty,
            long amountCents,
            long balanceCents,
            @Nullable String detail,
            OffsetDateTime recordedAt) {}

    /** An account's statement, oldest line first. */
    record Statement(String accountId, long balanceCents, List<Line> lines) {}

    /** Adds a line on the handler's transaction; the account's head row serialises lines of one account. */
    void add(
            Connection c,
            String account,
            String transferId,
            String kind,
            String counterparty,
            long amount,
            @Nullable String detail)
            throws SQLException {
        long line = 0;
        long balance = 0;
        try (PreparedStatement head = c.prepareStatement(
                "SELECT last_line, balance_cents FROM statement_heads WHERE account_id = ? FOR UPDATE")) {
            head.setString(1, account);
            try (ResultSet r = head.executeQuery()) {
                if (r.next()) {
                    line = r.getLong(1);
                    balance = r.getLong(2);
                }
            }
        }
        line++;
        balance += amount;
        String upsert = line == 1
                ? "INSERT INTO statement_heads (last_line, balance_cents, account_id) VALUES (?, ?, ?)"
                : "UPDATE statement_heads SET last_line = ?, balance_cents = ? WHERE account_id = ?";
        try (PreparedStatement update = c.prepareStatement(upsert)) {
            update.setLong(1, line);
            update.setLong(2, balance);
            update.setString(3, account);
            update.executeUpdate();
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO statement_lines (account_id, line,"
                + " transfer_id, kind, counterparty, amount_cents, balance_cents, detail, recorded_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, account);
            insert.setLong(2, line);
            insert.setString(3, transferId);
            insert.setString(4, kind);
            insert.setString(5, counterparty);
            insert.setLong(6, amount);
            insert.setLong(7, balance);
            insert.setString(8, detail);
            insert.setObject(9, OffsetDateTime.now(ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }

    Optional<Statement> find(String account) {
        return tx.inTransaction(c -> {
            List<Line> lines = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT line, transfer_id, kind, counterparty,"
                    + " amount_cents, balance_cents, detail, recorded_at FROM statement_lines WHERE account_id = ?"
                    + " ORDER BY line")) {
                select.setString(1, account);
                try (ResultSet r = select.executeQuery()) {
                    while (r.next()) {
                        lines.add(new Line(
                                r.getLong(1),
                                r.getString(2),
                                r.getString(3),
                                r.getString(4),
                                r.getLong(5),
                                r.getLong(6),
                                r.getString(7),
                                r.getObject(8, OffsetDateTime.class)));
                    }
                }
            }
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(
                    new Statement(account, lines.get(lines.size() - 1).balanceCents(), lines));
        });
    }
}
