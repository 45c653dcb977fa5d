CREATE TABLE IF NOT EXISTS "persons" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "first" VARCHAR(30) NOT NULL,
    "last" VARCHAR(30) NOT NULL,
    "email" VARCHAR(100) NOT NULL UNIQUE,
    "code" VARCHAR(10) NOT NULL,
    "city" VARCHAR(40) NOT NULL,
    "country" VARCHAR(40) NOT NULL,
    "nick" VARCHAR(20) NOT NULL UNIQUE,
    CONSTRAINT "uid_persons_code_9b52d3" UNIQUE ("code", "country")
);
CREATE INDEX IF NOT EXISTS "idx_persons_city_d20a15" ON "persons" ("city");
CREATE INDEX IF NOT EXISTS "idx_persons_first_71c0f9" ON "persons" ("first", "last");
