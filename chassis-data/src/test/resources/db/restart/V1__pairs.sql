CREATE TABLE pairs (
    id INT NOT NULL,
    part VARCHAR(1) NOT NULL,
    PRIMARY KEY (id, part)
);
