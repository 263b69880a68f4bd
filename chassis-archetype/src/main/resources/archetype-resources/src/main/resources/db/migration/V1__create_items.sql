CREATE TABLE items (
    id       UUID PRIMARY KEY,
    name     VARCHAR(100) NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0)
);
