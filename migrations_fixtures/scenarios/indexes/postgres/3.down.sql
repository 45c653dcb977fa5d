ALTER TABLE "people" ADD CONSTRAINT "people_handle_key" UNIQUE ("handle");
ALTER TABLE "people" ADD CONSTRAINT "people_code_key" UNIQUE ("code");
DO $testudo$
DECLARE
  constraint_name text;
BEGIN
  SELECT c.conname INTO constraint_name FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
   WHERE c.conrelid = '"people"'::regclass AND c.contype = 'u' AND cardinality(c.conkey) = 1 AND a.attname = 'email'
   ORDER BY c.conname = 'people_email_key' DESC, c.conname LIMIT 1;
  IF constraint_name IS NULL THEN
    RAISE EXCEPTION 'table % has no unique constraint on column %', 'people', 'email';
  END IF;
  EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'people', constraint_name);
END
$testudo$;
ALTER TABLE "people" ADD CONSTRAINT "uid_people_first_cd0768" UNIQUE ("first", "last");
CREATE INDEX "idx_people_last_63909d" ON "people" ("last", "city");
CREATE INDEX "idx_people_nation_6940e8" ON "people" ("nation");
