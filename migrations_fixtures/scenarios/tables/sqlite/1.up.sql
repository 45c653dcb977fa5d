CREATE TEMP TABLE "_testudo_foreign_keys_off" ("broken_references" INT CONSTRAINT "rows point at no row (PRAGMA foreign_key_check lists them): fix them first" CHECK ("broken_references" = 0), "foreign_keys" INT CONSTRAINT "foreign_keys must be OFF to rebuild a table that foreign keys point at: run PRAGMA foreign_keys = OFF outside a transaction first (testudo upgrade does)" CHECK ("foreign_keys" = 0));
INSERT INTO "_testudo_foreign_keys_off" ("broken_references") SELECT count(*) FROM pragma_foreign_key_check;
PRAGMA foreign_keys = OFF;
INSERT INTO "_testudo_foreign_keys_off" ("foreign_keys") SELECT "foreign_keys" FROM pragma_foreign_keys;
DROP TABLE "_testudo_foreign_keys_off";
DROP TABLE "old_things";
ALTER TABLE "note" RENAME TO "memo";
ALTER TABLE "shop" RENAME TO "stores";
ALTER TABLE "shop_product" RENAME TO "stores_product";
CREATE TABLE "categories" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL
);
CREATE TABLE "_testudo_rebuild_product" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "title" VARCHAR(50) NOT NULL,
    "category_id" INT CONSTRAINT "fk_product_categori_f9394620" REFERENCES "categories" ("id") ON DELETE SET NULL,
    "shop_id" INT NOT NULL CONSTRAINT "fk_product_stores_e25d64d4" REFERENCES "stores" ("id") ON DELETE CASCADE
);
INSERT INTO "_testudo_rebuild_product" ("id", "title", "shop_id") SELECT "id", "title", "shop_id" FROM "product";
DROP TABLE "product";
ALTER TABLE "_testudo_rebuild_product" RENAME TO "product";
CREATE TABLE "_testudo_rebuild_stores_product" (
    "stores_id" INT NOT NULL CONSTRAINT "fk_stores_p_stores_544e64d9" REFERENCES "stores" ("id") ON DELETE CASCADE,
    "article_id" INT NOT NULL CONSTRAINT "fk_stores_p_product_eeacf40b" REFERENCES "product" ("id") ON DELETE CASCADE
);
INSERT INTO "_testudo_rebuild_stores_product" ("stores_id", "article_id") SELECT "shop_id", "product_id" FROM "stores_product";
DROP TABLE "stores_product";
ALTER TABLE "_testudo_rebuild_stores_product" RENAME TO "stores_product";
CREATE UNIQUE INDEX "uidx_stores_prod_stores__362586" ON "stores_product" ("stores_id", "article_id");
PRAGMA foreign_keys = ON;
CREATE TEMP TABLE "_testudo_foreign_key_check" ("broken_references" INT CONSTRAINT "this migration left rows that point at no row (PRAGMA foreign_key_check lists them)" CHECK ("broken_references" = 0));
INSERT INTO "_testudo_foreign_key_check" ("broken_references") SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE "_testudo_foreign_key_check";
