CREATE TEMP TABLE "_testudo_foreign_keys_off" ("broken_references" INT CONSTRAINT "rows point at no row (PRAGMA foreign_key_check lists them): fix them first" CHECK ("broken_references" = 0), "foreign_keys" INT CONSTRAINT "foreign_keys must be OFF to rebuild a table that foreign keys point at: run PRAGMA foreign_keys = OFF outside a transaction first (testudo upgrade does)" CHECK ("foreign_keys" = 0));
INSERT INTO "_testudo_foreign_keys_off" ("broken_references") SELECT count(*) FROM pragma_foreign_key_check;
PRAGMA foreign_keys = OFF;
INSERT INTO "_testudo_foreign_keys_off" ("foreign_keys") SELECT "foreign_keys" FROM pragma_foreign_keys;
DROP TABLE "_testudo_foreign_keys_off";
CREATE TABLE "_testudo_rebuild_boxes" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "weight" INT NOT NULL,
    "item_id" INT NOT NULL CONSTRAINT "fk_boxes_items_b5b47802" REFERENCES "items" ("id") ON DELETE CASCADE
);
INSERT INTO "_testudo_rebuild_boxes" ("id", "weight", "item_id") SELECT "id", "weight", "item_id" FROM "boxes";
DROP TABLE "boxes";
ALTER TABLE "_testudo_rebuild_boxes" RENAME TO "boxes";
CREATE TABLE "_testudo_rebuild_items" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "quantity" INT NOT NULL,
    "price" DECIMAL(5,2) NOT NULL,
    "note" VARCHAR(100),
    "flag" INT NOT NULL DEFAULT 0,
    "size" INT NOT NULL DEFAULT 1,
    "label" VARCHAR(30) NOT NULL DEFAULT 'plain',
    "email" VARCHAR(100),
    "rank" INT NOT NULL DEFAULT 0
);
INSERT INTO "_testudo_rebuild_items" ("id", "name", "quantity", "price", "note", "flag", "size", "label", "email", "rank") SELECT "id", "name", "quantity", "price", "note", "flag", "size", "label", "email", "rank" FROM "items";
DROP TABLE "items";
ALTER TABLE "_testudo_rebuild_items" RENAME TO "items";
PRAGMA foreign_keys = ON;
CREATE TEMP TABLE "_testudo_foreign_key_check" ("broken_references" INT CONSTRAINT "this migration left rows that point at no row (PRAGMA foreign_key_check lists them)" CHECK ("broken_references" = 0));
INSERT INTO "_testudo_foreign_key_check" ("broken_references") SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE "_testudo_foreign_key_check";
