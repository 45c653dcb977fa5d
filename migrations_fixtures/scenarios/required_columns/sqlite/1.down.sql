CREATE TABLE "_testudo_rebuild_gadgets" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(30) NOT NULL,
    "serial" VARCHAR(20) NOT NULL,
    "weight" INT NOT NULL,
    "price" DECIMAL(6,2) NOT NULL,
    "active" INT NOT NULL
);
INSERT INTO "_testudo_rebuild_gadgets" ("id", "name", "serial", "weight", "price", "active") SELECT "id", "name", '', 0, 0, 0 FROM "gadgets";
DROP TABLE "gadgets";
ALTER TABLE "_testudo_rebuild_gadgets" RENAME TO "gadgets";
