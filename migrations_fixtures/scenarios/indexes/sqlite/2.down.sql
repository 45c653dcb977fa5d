DROP INDEX "uid_people_first_cd0768";
DROP INDEX "idx_people_last_63909d";
DROP INDEX "idx_people_nation_6940e8";
ALTER TABLE "people" RENAME COLUMN "handle" TO "nick";
ALTER TABLE "people" RENAME COLUMN "nation" TO "country";
ALTER TABLE "people" RENAME TO "persons";
CREATE UNIQUE INDEX "uid_persons_first_71c0f9" ON "persons" ("first", "last");
CREATE INDEX "idx_persons_last_d4c0ea" ON "persons" ("last", "city");
CREATE INDEX "idx_persons_country_4b2976" ON "persons" ("country");
