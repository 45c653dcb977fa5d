ALTER TABLE "persons" DROP CONSTRAINT "uid_persons_first_71c0f9";
DROP INDEX "idx_persons_last_d4c0ea";
DROP INDEX "idx_persons_country_4b2976";
DO $testudo$
DECLARE
  constraint_name text;
BEGIN
  SELECT c.conname INTO constraint_name FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
   WHERE c.conrelid = '"persons"'::regclass AND c.contype = 'u' AND cardinality(c.conkey) = 1 AND a.attname = 'code'
   ORDER BY c.conname = 'persons_code_key' DESC, c.conname LIMIT 1;
  IF constraint_name IS NULL THEN
    RAISE EXCEPTION 'table % has no unique constraint on column %', 'persons', 'code';
  END IF;
  EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'persons', constraint_name);
END
$testudo$;
ALTER TABLE "persons" ADD CONSTRAINT "persons_email_key" UNIQUE ("email");
ALTER TABLE "persons" ADD CONSTRAINT "uid_persons_code_9b52d3" UNIQUE ("code", "country");
CREATE INDEX "idx_persons_first_71c0f9" ON "persons" ("first", "last");
CREATE INDEX "idx_persons_city_d20a15" ON "persons" ("city");
