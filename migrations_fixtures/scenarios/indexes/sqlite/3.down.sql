CREATE TABLE "_testudo_rebuild_people" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "first" VARCHAR(30) NOT NULL,
    "last" VARCHAR(30) NOT NULL,
    "email" VARCHAR(100) NOT NULL,
    "code" VARCHAR(10) NOT NULL UNIQUE,
    "city" VARCHAR(40) NOT NULL,
    "nation" VARCHAR(40) NOT NULL,
    "handle" VARCHAR(20) NOT NULL UNIQUE
);
INSERT INTO "_testudo_rebuild_people" ("id", "first", "last", "email", "code", "city", "nation", "handle") SELECT "id", "first", "last", "email", "code", "city", "nation", "handle" FROM "people";
DROP TABLE "people";
ALTER TABLE "_testudo_rebuild_people" RENAME TO "people";
CREATE INDEX "idx_people_nation_6940e8" ON "people" ("nation");
CREATE INDEX "idx_people_last_63909d" ON "people" ("last", "city");
CREATE UNIQUE INDEX "uid_people_first_cd0768" ON "people" ("first", "last");
