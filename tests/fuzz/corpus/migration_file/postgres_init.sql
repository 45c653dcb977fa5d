-- testudo migration
-- parent: none
-- checksum: sha256:7d9cc99446bae9b79a5b8e244e469a26c0d7d802fcdb8261018817d439c7ef6a
-- run-in-transaction: true

-- +testudo up
CREATE TABLE IF NOT EXISTS "categories" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" VARCHAR(100) NOT NULL,
    "slug" VARCHAR(100) NOT NULL UNIQUE,
    "parent_id" INT CONSTRAINT "fk_categori_categori_56c95ac7" REFERENCES "categories" ("id") ON DELETE SET NULL
);
CREATE TABLE IF NOT EXISTS "products" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" VARCHAR(255) NOT NULL,
    "description" TEXT,
    "price" DECIMAL(10,2) NOT NULL,
    "stock" INT NOT NULL DEFAULT 0,
    "category_id" INT NOT NULL CONSTRAINT "fk_products_categori_04d6e109" REFERENCES "categories" ("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "tags" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(50) NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS "users" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "username" VARCHAR(50) NOT NULL UNIQUE,
    "email" VARCHAR(255) NOT NULL,
    "role" VARCHAR(20) NOT NULL DEFAULT 'customer',
    "is_active" BOOL NOT NULL DEFAULT TRUE
);
CREATE INDEX IF NOT EXISTS "idx_users_email_a3aaad" ON "users" ("email", "is_active");
CREATE INDEX IF NOT EXISTS "idx_users_role_35db31" ON "users" ("role");
CREATE TABLE IF NOT EXISTS "orders" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" VARCHAR(20) NOT NULL DEFAULT 'new',
    "total" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "user_id" INT NOT NULL CONSTRAINT "fk_orders_users_411bb784" REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "order_lines" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "quantity" INT NOT NULL,
    "unit_price" DECIMAL(10,2) NOT NULL,
    "order_id" INT NOT NULL CONSTRAINT "fk_order_li_orders_1c74fd6a" REFERENCES "orders" ("id") ON DELETE CASCADE,
    "product_id" INT NOT NULL CONSTRAINT "fk_order_li_products_e535c910" REFERENCES "products" ("id") ON DELETE RESTRICT
);
CREATE TABLE IF NOT EXISTS "product_tags" (
    "products_id" INT NOT NULL CONSTRAINT "fk_product__products_89e3547e" REFERENCES "products" ("id") ON DELETE CASCADE,
    "tag_id" INT NOT NULL CONSTRAINT "fk_product__tags_144579b9" REFERENCES "tags" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX IF NOT EXISTS "uidx_product_tag_product_dfb57b" ON "product_tags" ("products_id", "tag_id");

-- +testudo down
DROP TABLE "product_tags";
DROP TABLE "order_lines";
DROP TABLE "orders";
DROP TABLE "users";
DROP TABLE "tags";
DROP TABLE "products";
DROP TABLE "categories";

-- +testudo state
-- eJztWltP4zoQ/isoTyD1IOjS3VXfSilnq+1lVcLZ1SIUmcSkEYldHGehWvW/Hzux01whbZpSSl4o
-- ccax55vxzDeT/FUcbEDbPe4CCk1M5kr7r4KAA5V26k5DAbNZOM4uKbizuaAeSFiQD4I7lxKgU6V9
-- D2wXNhQDujqxZtTCSGkjz7bZENaZkIVMOeAh69GDGsUmpFNIlPbNbUOxkAGf2TP9i9mDdm9B24js
-- zzLYcv6gRuczPtJH9NIXYkvcaTq2PQdJwdmcTjGSkhaibMyECBK2efZUSjy2V76bQCmx+WBj8naw
-- o1DagPfAs2moVQFFdYw4PGx5l2tiskf/0zw9+3L29dPns68NhS8dXn9Z+HosVfTncD1HqrLgNwEF
-- wW2OUgiMTiBXSgM0CdAFG6eWA7NQis2Ko2WIacfynzh2Aqtc8MRliF7oGGXhYzs2xsieBwbJQ0vt
-- D3tXamf4g+3acd1HmwPRUXt8vMnH5vGxw89HbBQzJ/a9O5x+8LOvfjvglwe/x6MeRwm71CR8oaWU
-- +lthGwEexRrCTxowQneRYwKARSM0mDcz1jBYbFZtsCoNFuw2tJf/k7BUdwpIlpWEbNw+DJMdsYgD
-- njUbIpNOlfbpyUmeSf7rTLrfOpNDJnLEQ08IhWt7ZlEohGxJKCoKxWWBmAECEdUKJ6Wo/Cu5KYVI
-- oHPlvlEqO7Gcff+QkZwCvZMgXWICLRN9h3Mfqz7bB0B6+uCkOcnb47QQhpVjcl0CniRniVmbacOU
-- gJTrc9VTD0bXg4HC8boD+sMTIIaWCZw+tWyDPSUJ3bmYdfl9Am3g7/v9ohY9UAQbnk7d9fX9ETxh
-- NyJtjr7M7LiJl+aOukHyhtN04tcAAZPvka/Hni/UHhODU+gkjw+Gc0k85rdrAl8T+JoP1gR+7wyW
-- yC2MXVAvlVlyeauUrpjEKwg+KaXJa/NV7tpMUFeKKbBTjgt1ywF2Fh5SPuGywYRjMXGz0Jysn3LT
-- OFz0uv1hZ3B42mw0ueMxZ7R8NiYBOksA5LmQFGf2S+lVef22TnElxJ6rXZLWXweP2AGIinD6pZ2j
-- jL7buep2LnoFCL1tIViC3fp8bsCescuIVcZvfcWzOa7A5CWeq0nsa7L75mT30QOIWnReEJ6I+F6G
-- 10jWQRbVZsTSU73GF3JzbNIWE3S5sPFCjj4pmKODc134lEXE99yNRB9lhc5kdMJegpNHYbBokZTh
-- MLLNsgMgFSExkXOQyWJSflQSnnfQk0t0bqOnIQrRhFWfk35XzWd6FXAfCV+K+SxxzeE9kXZqTXre
-- nPTUHb4dbxjVHb53ZrCP8Yq+2Wq92t1rteLMOLpkAhEVPmeG4/iUVYHZ5gvEDNfs/VIjXjmSuAw7
-- v44injkYj/4VoqFbjrqD8XmCPK9Wfn3EysulWH8omOelbMVlxVrt4k0VXOJzyHnxiis+40OVXFL1
-- kmVFwU8bdqiuiNt8vQ5yvJdZ95GzaqnlWy5gplAaAjRXMf9byMtUYO4ySKJK1OKVYbBpwr2AMdGM
-- j2sw8VF8gPMApcAjQ3SDcTkhuEmnBHvmNFIeC3Sz/LihaEnIFvkVLt9uqroNdMipbMXSdVX75lXt
-- 9kn3Fj4Gbb36Pr3lE6JEhtt4U+jVD+NWDGbvohOXFdCWG08ENRnhYwEtHrgSUS2MdiUCmkxPOfHM
-- f6edCmjiTXdORONvlqsKaTcKdIDFaxDL1dizrT9QuW3cKASzpW/rgFe38fapK1S38d6ZwRJtPB4J
-- V2EVEfn9YRZLOGToLoSFFN7XvqafsQpiIWSr/oBT91yKHT+1b/0rzmU6T7YCMFMeoMx8HZkTx+aO
-- TdosOPIEbapPeT4eDyJh67wfb+VeD897k8PTWAczsxVVrMtStsGyG2eu8o/0Fv8DsFNfbQ==
