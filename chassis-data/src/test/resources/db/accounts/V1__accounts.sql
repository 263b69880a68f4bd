CREATE TABLE accounts (
    id INT PRIMARY KEY,
    balance INT NOT NULL CHECK (balance >= 0)
);
INSERT INTO accounts (id, balance) VALUES (1, 100), (2, 0);
