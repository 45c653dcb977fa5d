CREATE TEMP TABLE "_testudo_foreign_keys_off" ("broken_references" INT CONSTRAINT "rows point at no row (PRAGMA foreign_key_check lists them): fix them first" CHECK ("broken_references" = 0), "foreign_keys" INT CONSTRAINT "foreign_keys must be OFF to rebuild a table that foreign keys point at: run PRAGMA foreign_keys = OFF outside a transaction first (testudo upgrade does)" CHECK ("foreign_keys" = 0));
INSERT INTO "_testudo_foreign_keys_off" ("broken_references") SELECT count(*) FROM pragma_foreign_key_check;
PRAGMA foreign_keys = OFF;
INSERT INTO "_testudo_foreign_keys_off" ("foreign_keys") SELECT "foreign_keys" FROM pragma_foreign_keys;
DROP TABLE "_testudo_foreign_keys_off";
CREATE TABLE "_testudo_rebuild_gadgets" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(30) NOT NULL,
    "note" VARCHAR(100) /* Buyer's "note": C:\temp\new
second line\ */,
    "token" CHAR(36) NOT NULL,
    "data" JSON NOT NULL,
    "born" DATE NOT NULL,
    "opens" TIME NOT NULL,
    "seen" TIMESTAMP NOT NULL,
    "warranty" BIGINT NOT NULL,
    "blob" BLOB NOT NULL,
    "price" DECIMAL(8,2) NOT NULL,
    "ratio" REAL NOT NULL,
    "active" INT NOT NULL,
    "body" TEXT NOT NULL,
    "colour" VARCHAR(5) NOT NULL /* RED: red
GREEN: green */,
    "level" SMALLINT NOT NULL /* LOW: 1
HIGH: 2 */,
    "code" VARCHAR(10) NOT NULL /* part's code */
);
INSERT INTO "_testudo_rebuild_gadgets" ("id", "name", "token", "data", "born", "opens", "seen", "warranty", "blob", "price", "ratio", "active", "body", "colour", "level", "code") SELECT "id", "name", '00000000-0000-0000-0000-000000000000', '{}', '1970-01-01', '00:00:00', CURRENT_TIMESTAMP, 0, '', 0, 0, 0, '', '', 0, '' FROM "gadgets";
DROP TABLE "gadgets";
ALTER TABLE "_testudo_rebuild_gadgets" RENAME TO "gadgets";
PRAGMA foreign_keys = ON;
CREATE TEMP TABLE "_testudo_foreign_key_check" ("broken_references" INT CONSTRAINT "this migration left rows that point at no row (PRAGMA foreign_key_check lists them)" CHECK ("broken_references" = 0));
INSERT INTO "_testudo_foreign_key_check" ("broken_references") SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE "_testudo_foreign_key_check";
