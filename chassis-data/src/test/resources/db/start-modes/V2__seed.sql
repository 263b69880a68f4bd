INSERT INTO marks (id) VALUES (1);
