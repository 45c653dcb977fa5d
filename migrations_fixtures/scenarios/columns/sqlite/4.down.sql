CREATE TEMP TABLE "_testudo_foreign_keys_off" ("broken_references" INT CONSTRAINT "rows point at no row (PRAGMA foreign_key_check lists them): fix them first" CHECK ("broken_references" = 0), "foreign_keys" INT CONSTRAINT "foreign_keys must be OFF to rebuild a table that foreign keys point at: run PRAGMA foreign_keys = OFF outside a transaction first (testudo upgrade does)" CHECK ("foreign_keys" = 0));
INSERT INTO "_testudo_foreign_keys_off" ("broken_references") SELECT count(*) FROM pragma_foreign_key_check;
PRAGMA foreign_keys = OFF;
INSERT INTO "_testudo_foreign_keys_off" ("foreign_keys") SELECT "foreign_keys" FROM pragma_foreign_keys;
DROP TABLE "_testudo_foreign_keys_off";
CREATE TABLE "_testudo_rebuild_items" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(120) NOT NULL DEFAULT 'unnamed',
    "quantity" BIGINT NOT NULL,
    "price" DECIMAL(8,3) NOT NULL DEFAULT 1.500,
    "note" VARCHAR(100) NOT NULL,
    "flag" INT NOT NULL DEFAULT 1,
    "size" INT NOT NULL DEFAULT 5,
    "label" VARCHAR(30) NOT NULL,
    "email" VARCHAR(100),
    "rank" INT DEFAULT 0
);
INSERT INTO "_testudo_rebuild_items" ("id", "name", "quantity", "price", "note", "flag", "size", "label", "email", "rank") SELECT "id", "name", "quantity", "amount", "note", "flag", "size", "label", "mail", "rank" FROM "items";
DROP TABLE "items";
ALTER TABLE "_testudo_rebuild_items" RENAME TO "items";
PRAGMA foreign_keys = ON;
CREATE TEMP TABLE "_testudo_foreign_key_check" ("broken_references" INT CONSTRAINT "this migration left rows that point at no row (PRAGMA foreign_key_check lists them)" CHECK ("broken_references" = 0));
INSERT INTO "_testudo_foreign_key_check" ("broken_references") SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE "_testudo_foreign_key_check";
