CREATE TABLE "_testudo_rebuild_gadgets" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(30) NOT NULL
);
INSERT INTO "_testudo_rebuild_gadgets" ("id", "name") SELECT "id", "name" FROM "gadgets";
DROP TABLE "gadgets";
ALTER TABLE "_testudo_rebuild_gadgets" RENAME TO "gadgets";
