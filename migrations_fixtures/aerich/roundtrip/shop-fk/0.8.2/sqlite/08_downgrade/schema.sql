PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE IF NOT EXISTS "categories" (
    "created_at" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP,
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "slug" VARCHAR(100) NOT NULL UNIQUE,
    "parent_id" INT REFERENCES "categories" ("id") ON DELETE SET NULL
);
INSERT INTO categories VALUES('2024-01-02 03:04:05','2024-01-02 03:04:05',1,'Books','books',NULL);
INSERT INTO categories VALUES('2024-01-02 03:04:05','2024-01-02 03:04:05',2,'Comics','comics',1);
CREATE TABLE IF NOT EXISTS "products" (
    "created_at" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP,
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "description" TEXT,
    "price" VARCHAR(40) NOT NULL,
    "stock" INT NOT NULL  DEFAULT 0,
    "category_id" INT NOT NULL REFERENCES "categories" ("id") ON DELETE CASCADE
);
INSERT INTO products VALUES('2024-01-02 03:04:05','2024-01-02 03:04:05',1,'Dune','Desert "planet" novel','9.99',5,1);
INSERT INTO products VALUES('2024-01-02 03:04:05','2024-01-02 03:04:05',2,'Watchmen',NULL,'24.5',2,2);
INSERT INTO products VALUES('2024-01-02 03:04:05','2024-01-02 03:04:05',3,'Tintin','it''s a classic','12.0',0,2);
CREATE TABLE IF NOT EXISTS "tags" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL UNIQUE
);
INSERT INTO tags VALUES(1,'new');
INSERT INTO tags VALUES(2,'sale');
CREATE TABLE IF NOT EXISTS "users" (
    "created_at" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP,
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "username" VARCHAR(50) NOT NULL UNIQUE,
    "email" VARCHAR(255) NOT NULL,
    "role" VARCHAR(20) NOT NULL  DEFAULT 'customer',
    "is_active" INT NOT NULL  DEFAULT 1
);
INSERT INTO users VALUES('2024-01-02 03:04:05','2024-01-02 03:04:05',1,'alice','alice@example.com','admin',1);
INSERT INTO users VALUES('2024-01-03 03:04:05','2024-01-03 03:04:05',2,'bob','bob@example.com','customer',0);
CREATE TABLE IF NOT EXISTS "orders" (
    "created_at" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP,
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "status" VARCHAR(20) NOT NULL  DEFAULT 'new',
    "total" VARCHAR(40) NOT NULL  DEFAULT '0',
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
INSERT INTO orders VALUES('2024-01-04 03:04:05','2024-01-04 03:04:05',1,'paid','34.49',1);
CREATE TABLE IF NOT EXISTS "order_lines" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "quantity" INT NOT NULL,
    "unit_price" VARCHAR(40) NOT NULL,
    "order_id" INT NOT NULL REFERENCES "orders" ("id") ON DELETE CASCADE,
    "product_id" INT NOT NULL REFERENCES "products" ("id") ON DELETE RESTRICT
);
INSERT INTO order_lines VALUES(1,1,'9.99',1,1);
INSERT INTO order_lines VALUES(2,1,'24.5',1,2);
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSON NOT NULL
);
CREATE TABLE IF NOT EXISTS "product_tags" (
    "products_id" INT NOT NULL REFERENCES "products" ("id") ON DELETE CASCADE,
    "tag_id" INT NOT NULL REFERENCES "tags" ("id") ON DELETE CASCADE
);
INSERT INTO product_tags VALUES(1,1);
INSERT INTO product_tags VALUES(1,2);
INSERT INTO product_tags VALUES(3,2);
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('aerich',1);
INSERT INTO sqlite_sequence VALUES('users',2);
INSERT INTO sqlite_sequence VALUES('categories',2);
INSERT INTO sqlite_sequence VALUES('tags',2);
INSERT INTO sqlite_sequence VALUES('products',3);
INSERT INTO sqlite_sequence VALUES('orders',1);
INSERT INTO sqlite_sequence VALUES('order_lines',2);
CREATE INDEX "idx_users_email_a3aaad" ON "users" ("email", "is_active");
CREATE INDEX "idx_users_role_35db31" ON "users" ("role");
CREATE UNIQUE INDEX "uidx_product_tag_product_dfb57b" ON "product_tags" ("products_id", "tag_id");
COMMIT;
