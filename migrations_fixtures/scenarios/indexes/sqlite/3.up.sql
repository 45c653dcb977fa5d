CREATE TABLE "_testudo_rebuild_people" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "first" VARCHAR(30) NOT NULL,
    "last" VARCHAR(30) NOT NULL,
    "email" VARCHAR(100) NOT NULL UNIQUE,
    "code" VARCHAR(10) NOT NULL,
    "city" VARCHAR(40) NOT NULL,
    "nation" VARCHAR(40) NOT NULL,
    "handle" VARCHAR(20) NOT NULL
);
INSERT INTO "_testudo_rebuild_people" ("id", "first", "last", "email", "code", "city", "nation", "handle") SELECT "id", "first", "last", "email", "code", "city", "nation", "handle" FROM "people";
DROP TABLE "people";
ALTER TABLE "_testudo_rebuild_people" RENAME TO "people";
