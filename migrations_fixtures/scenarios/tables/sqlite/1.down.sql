CREATE TEMP TABLE "_testudo_foreign_keys_off" ("broken_references" INT CONSTRAINT "rows point at no row (PRAGMA foreign_key_check lists them): fix them first" CHECK ("broken_references" = 0), "foreign_keys" INT CONSTRAINT "foreign_keys must be OFF to rebuild a table that foreign keys point at: run PRAGMA foreign_keys = OFF outside a transaction first (testudo upgrade does)" CHECK ("foreign_keys" = 0));
INSERT INTO "_testudo_foreign_keys_off" ("broken_references") SELECT count(*) FROM pragma_foreign_key_check;
PRAGMA foreign_keys = OFF;
INSERT INTO "_testudo_foreign_keys_off" ("foreign_keys") SELECT "foreign_keys" FROM pragma_foreign_keys;
DROP TABLE "_testudo_foreign_keys_off";
CREATE TABLE "_testudo_rebuild_stores_product" (
    "shop_id" INT NOT NULL CONSTRAINT "fk_shop_pro_shop_d9892b2f" REFERENCES "shop" ("id") ON DELETE CASCADE,
    "product_id" INT NOT NULL CONSTRAINT "fk_shop_pro_product_9692cea3" REFERENCES "product" ("id") ON DELETE CASCADE
);
INSERT INTO "_testudo_rebuild_stores_product" ("shop_id", "product_id") SELECT "stores_id", "article_id" FROM "stores_product";
DROP TABLE "stores_product";
ALTER TABLE "_testudo_rebuild_stores_product" RENAME TO "stores_product";
CREATE UNIQUE INDEX "uidx_shop_produc_shop_id_33cd16" ON "stores_product" ("shop_id", "product_id");
CREATE TABLE "_testudo_rebuild_product" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "title" VARCHAR(50) NOT NULL,
    "shop_id" INT NOT NULL CONSTRAINT "fk_product_shop_6b5a33a6" REFERENCES "shop" ("id") ON DELETE CASCADE
);
INSERT INTO "_testudo_rebuild_product" ("id", "title", "shop_id") SELECT "id", "title", "shop_id" FROM "product";
DROP TABLE "product";
ALTER TABLE "_testudo_rebuild_product" RENAME TO "product";
DROP TABLE "categories";
ALTER TABLE "stores_product" RENAME TO "shop_product";
ALTER TABLE "stores" RENAME TO "shop";
ALTER TABLE "memo" RENAME TO "note";
CREATE TABLE "old_things" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "x" INT NOT NULL,
    "shop_id" INT NOT NULL CONSTRAINT "fk_old_thin_shop_ce928685" REFERENCES "shop" ("id") ON DELETE CASCADE
);
PRAGMA foreign_keys = ON;
CREATE TEMP TABLE "_testudo_foreign_key_check" ("broken_references" INT CONSTRAINT "this migration left rows that point at no row (PRAGMA foreign_key_check lists them)" CHECK ("broken_references" = 0));
INSERT INTO "_testudo_foreign_key_check" ("broken_references") SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE "_testudo_foreign_key_check";
