package ${package};

import dev.chassis.data.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.UUID;
import javax.inject.Inject;
import javax.inject.Singleton;

/** Items in the service's database (table {@code items}, created by the Flyway migration). */
@Singleton
final class JdbcItemStore implements ItemStore {
    private final Transactions tx;

    @Inject
    JdbcItemStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public Item add(NewItem item) {
        Item saved = new Item(UUID.randomUUID(), item.name(), item.quantity());
        tx.inTransaction(connection -> {
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO items (id, name, quantity) VALUES (?, ?, ?)")) {
                insert.setObject(1, saved.id());
                insert.setString(2, saved.name());
                insert.setInt(3, saved.quantity());
                insert.executeUpdate();
            }
            return saved;
        });
        return saved;
    }

    @Override
    public Optional<Item> find(UUID id) {
        return tx.inTransaction(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT name, quantity FROM items WHERE id = ?")) {
                select.setObject(1, id);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(new Item(id, row.getString(1), row.getInt(2))) : Optional.empty();
                }
            }
        });
    }
}
