PRAGMA foreign_keys = OFF;
CREATE TEMP TABLE "_testudo_foreign_keys_off" ("foreign_keys" INT CONSTRAINT "foreign_keys must be OFF to rebuild a table that foreign keys point at: run PRAGMA foreign_keys = OFF outside a transaction first (testudo upgrade does)" CHECK ("foreign_keys" = 0));
INSERT INTO "_testudo_foreign_keys_off" SELECT "foreign_keys" FROM pragma_foreign_keys;
DROP TABLE "_testudo_foreign_keys_off";
CREATE TABLE "_testudo_rebuild_gadgets" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(30) NOT NULL
);
INSERT INTO "_testudo_rebuild_gadgets" ("id", "name") SELECT "id", "name" FROM "gadgets";
DROP TABLE "gadgets";
ALTER TABLE "_testudo_rebuild_gadgets" RENAME TO "gadgets";
