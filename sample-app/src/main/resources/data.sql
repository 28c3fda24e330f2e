MERGE INTO orders (id, item, quantity) KEY (id) VALUES (1, 'coffee', 2);
MERGE INTO orders (id, item, quantity) KEY (id) VALUES (2, 'tea', 1);
