package dev.chassis.messaging.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** The outbox and lease tables' SQL. Thread-safe. */
final class OutboxStore {
    private static final String INSERT = "INSERT INTO chassis_outbox"
            + " (event_id, topic, event_key, event_type, payload, headers, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String NEXT =
            "SELECT id, event_id, topic, event_key, event_type, payload, headers FROM chassis_outbox"
                    + " WHERE id > ? ORDER BY id LIMIT ?";
    private static final String DELETE = "DELETE FROM chassis_outbox WHERE id = ANY(?)";
    private static final String RELEASE = "UPDATE chassis_outbox_lease SET expires_at ="
            + " TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00' WHERE name = 'relay' AND owner = ?";

    /** A row waiting to be sent. */
    record Row(
            long id, String eventId, String topic, @Nullable String key, String type, byte[] payload, String headers) {}

    /** How many rows wait, and since when the oldest has. */
    record Depth(long rows, @Nullable Instant oldest) {}

    private final DataSource dataSource;
    private final Dialect dialect;

    OutboxStore(DataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    static void insert(Connection c, OutgoingEvent event, String headersJson) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            insert.setString(1, event.id());
            insert.setString(2, event.topic());
            insert.setString(3, event.key());
            insert.setString(4, event.type());
            insert.setBytes(5, event.payload());
            insert.setString(6, headersJson);
            insert.setObject(7, OffsetDateTime.now(ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }

    /** The oldest rows after the id {@code after}, in the order they were written; at most {@code limit}. */
    List<Row> next(long after, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(NEXT)) {
            select.setLong(1, after);
            select.setInt(2, limit);
            List<Row> rows = new ArrayList<>();
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    rows.add(new Row(
                            r.getLong(1),
                            r.getString(2),
                            r.getString(3),
                            r.getString(4),
                            r.getString(5),
                            r.getBytes(6),
                            r.getString(7)));
                }
            }
            return rows;
        }
    }

    /** Deletes the rows of these ids, in one statement. */
    void delete(List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement delete = c.prepareStatement(DELETE)) {
            Array array = c.createArrayOf("BIGINT", ids.toArray());
            try {
                delete.setArray(1, array);
                delete.executeUpdate();
            } finally {
                array.free();
            }
        }
    }

    /** Takes or renews the lease for this owner; whether it holds it now. */
    boolean acquire(String owner, long millis) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement(dialect.acquireLease())) {
            update.setString(1, owner);
            update.setLong(2, millis);
            update.setString(3, owner);
            return update.executeUpdate() == 1;
        }
    }

    void release(String owner) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement(RELEASE)) {
            update.setString(1, owner);
            update.executeUpdate();
        }
    }

    Depth depth() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*), MIN(created_at) FROM chassis_outbox")) {
            r.next();
            OffsetDateTime oldest = r.getObject(2, OffsetDateTime.class);
            return new Depth(r.getLong(1), oldest == null ? null : oldest.toInstant());
        }
    }
}
