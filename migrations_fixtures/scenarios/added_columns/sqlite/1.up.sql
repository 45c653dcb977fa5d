CREATE TABLE "_testudo_rebuild_gadgets" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(30) NOT NULL,
    "note" VARCHAR(100) /* Buyer's "note": C:\temp\new
second line\ */,
    "code" VARCHAR(10) NOT NULL /* part's code */
);
INSERT INTO "_testudo_rebuild_gadgets" ("id", "name", "code") SELECT "id", "name", '' FROM "gadgets";
DROP TABLE "gadgets";
ALTER TABLE "_testudo_rebuild_gadgets" RENAME TO "gadgets";
