CREATE TABLE IF NOT EXISTS "persons" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "first" VARCHAR(30) NOT NULL,
    "last" VARCHAR(30) NOT NULL,
    "email" VARCHAR(100) NOT NULL UNIQUE,
    "code" VARCHAR(10) NOT NULL,
    "city" VARCHAR(40) NOT NULL,
    "country" VARCHAR(40) NOT NULL,
    "nick" VARCHAR(20) NOT NULL UNIQUE
);
CREATE INDEX IF NOT EXISTS "idx_persons_city_d20a15" ON "persons" ("city");
CREATE INDEX IF NOT EXISTS "idx_persons_first_71c0f9" ON "persons" ("first", "last");
CREATE UNIQUE INDEX IF NOT EXISTS "uid_persons_code_9b52d3" ON "persons" ("code", "country");
