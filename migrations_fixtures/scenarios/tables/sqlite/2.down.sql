CREATE TEMP TABLE "_testudo_foreign_keys_off" ("broken_references" INT CONSTRAINT "rows point at no row (PRAGMA foreign_key_check lists them): fix them first" CHECK ("broken_references" = 0), "foreign_keys" INT CONSTRAINT "foreign_keys must be OFF to rebuild a table that foreign keys point at: run PRAGMA foreign_keys = OFF outside a transaction first (testudo upgrade does)" CHECK ("foreign_keys" = 0));
INSERT INTO "_testudo_foreign_keys_off" ("broken_references") SELECT count(*) FROM pragma_foreign_key_check;
PRAGMA foreign_keys = OFF;
INSERT INTO "_testudo_foreign_keys_off" ("foreign_keys") SELECT "foreign_keys" FROM pragma_foreign_keys;
DROP TABLE "_testudo_foreign_keys_off";
CREATE TABLE "_testudo_rebuild_product" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "title" VARCHAR(50) NOT NULL,
    "category_id" INT CONSTRAINT "fk_product_categori_f9394620" REFERENCES "categories" ("id") ON DELETE SET NULL,
    "shop_id" INT NOT NULL CONSTRAINT "fk_product_stores_e25d64d4" REFERENCES "stores" ("id") ON DELETE CASCADE
);
INSERT INTO "_testudo_rebuild_product" ("id", "title", "category_id", "shop_id") SELECT "id", "title", "category_id", "shop_id" FROM "product";
DROP TABLE "product";
ALTER TABLE "_testudo_rebuild_product" RENAME TO "product";
CREATE TABLE "_testudo_rebuild_stores" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL /* the shop's name */
) /* shops of the world */;
INSERT INTO "_testudo_rebuild_stores" ("id", "name") SELECT "id", "name" FROM "stores";
DROP TABLE "stores";
ALTER TABLE "_testudo_rebuild_stores" RENAME TO "stores";
CREATE TABLE "_testudo_rebuild_memo" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "body" VARCHAR(200) NOT NULL /* note text */
) /* the notes' table */;
INSERT INTO "_testudo_rebuild_memo" ("id", "body") SELECT "id", "body" FROM "memo";
DROP TABLE "memo";
ALTER TABLE "_testudo_rebuild_memo" RENAME TO "memo";
PRAGMA foreign_keys = ON;
CREATE TEMP TABLE "_testudo_foreign_key_check" ("broken_references" INT CONSTRAINT "this migration left rows that point at no row (PRAGMA foreign_key_check lists them)" CHECK ("broken_references" = 0));
INSERT INTO "_testudo_foreign_key_check" ("broken_references") SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE "_testudo_foreign_key_check";
