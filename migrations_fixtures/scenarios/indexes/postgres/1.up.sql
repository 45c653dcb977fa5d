DROP INDEX "idx_persons_city_d20a15";
DROP INDEX "idx_persons_first_71c0f9";
ALTER TABLE "persons" DROP CONSTRAINT "uid_persons_code_9b52d3";
DO $testudo$
DECLARE
  constraint_name text;
BEGIN
  SELECT c.conname INTO constraint_name FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
   WHERE c.conrelid = '"persons"'::regclass AND c.contype = 'u' AND cardinality(c.conkey) = 1 AND a.attname = 'email'
   ORDER BY c.conname = 'persons_email_key' DESC, c.conname LIMIT 1;
  IF constraint_name IS NULL THEN
    RAISE EXCEPTION 'table % has no unique constraint on column %', 'persons', 'email';
  END IF;
  EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'persons', constraint_name);
END
$testudo$;
ALTER TABLE "persons" ADD CONSTRAINT "persons_code_key" UNIQUE ("code");
CREATE INDEX "idx_persons_country_4b2976" ON "persons" ("country");
CREATE INDEX "idx_persons_last_d4c0ea" ON "persons" ("last", "city");
ALTER TABLE "persons" ADD CONSTRAINT "uid_persons_first_71c0f9" UNIQUE ("first", "last");
