CREATE TABLE "_testudo_rebuild_persons" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "first" VARCHAR(30) NOT NULL,
    "last" VARCHAR(30) NOT NULL,
    "email" VARCHAR(100) NOT NULL UNIQUE,
    "code" VARCHAR(10) NOT NULL,
    "city" VARCHAR(40) NOT NULL,
    "country" VARCHAR(40) NOT NULL,
    "nick" VARCHAR(20) NOT NULL UNIQUE
);
INSERT INTO "_testudo_rebuild_persons" ("id", "first", "last", "email", "code", "city", "country", "nick") SELECT "id", "first", "last", "email", "code", "city", "country", "nick" FROM "persons";
DROP TABLE "persons";
ALTER TABLE "_testudo_rebuild_persons" RENAME TO "persons";
CREATE INDEX "idx_persons_city_d20a15" ON "persons" ("city");
CREATE INDEX "idx_persons_first_71c0f9" ON "persons" ("first", "last");
CREATE UNIQUE INDEX "uid_persons_code_9b52d3" ON "persons" ("code", "country");
