CREATE TABLE sqlite_sequence(name,seq);
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
CREATE TABLE IF NOT EXISTS "tags" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS "users" (
    "created_at" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP,
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "username" VARCHAR(50) NOT NULL UNIQUE,
    "email" VARCHAR(255) NOT NULL,
    "role" VARCHAR(20) NOT NULL  DEFAULT 'customer',
    "is_active" INT NOT NULL  DEFAULT 1
);
CREATE INDEX "idx_users_email_a3aaad" ON "users" ("email", "is_active");
CREATE INDEX "idx_users_role_35db31" ON "users" ("role");
CREATE TABLE IF NOT EXISTS "orders" (
    "created_at" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP,
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "status" VARCHAR(20) NOT NULL  DEFAULT 'new',
    "total" VARCHAR(40) NOT NULL  DEFAULT '0',
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSON NOT NULL
, "checksum" VARCHAR(80), "applied_at" TIMESTAMP, "duration_ms" BIGINT, "status" VARCHAR(20), "statements_done" INT, "error" TEXT);
CREATE TABLE IF NOT EXISTS "product_tags" (
    "products_id" INT NOT NULL REFERENCES "products" ("id") ON DELETE CASCADE,
    "tag_id" INT NOT NULL REFERENCES "tags" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "uidx_product_tag_product_dfb57b" ON "product_tags" ("products_id", "tag_id");
CREATE TABLE IF NOT EXISTS "categories" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" VARCHAR(100) NOT NULL,
    "slug" VARCHAR(100) NOT NULL UNIQUE,
    "parent_id" INT CONSTRAINT "fk_categori_categori_56c95ac7" REFERENCES "categories" ("id") ON DELETE SET NULL
);
CREATE TABLE IF NOT EXISTS "order_lines" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "quantity" INT NOT NULL,
    "unit_price" VARCHAR(40) NOT NULL,
    "order_id" INT NOT NULL CONSTRAINT "fk_order_li_orders_1c74fd6a" REFERENCES "orders" ("id") ON DELETE CASCADE,
    "product_id" INT NOT NULL CONSTRAINT "fk_order_li_products_e535c910" REFERENCES "products" ("id") ON DELETE RESTRICT
);
