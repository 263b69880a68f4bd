CREATE TABLE report_rows (id INT PRIMARY KEY);
INSERT INTO report_rows (id) VALUES (1), (2), (3);
