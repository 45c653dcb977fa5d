DROP INDEX "idx_people_nation_6940e8";
DROP INDEX "idx_people_last_63909d";
ALTER TABLE "people" DROP CONSTRAINT "uid_people_first_cd0768";
ALTER TABLE "people" ADD CONSTRAINT "people_email_key" UNIQUE ("email");
DO $testudo$
DECLARE
  constraint_name text;
BEGIN
  SELECT c.conname INTO constraint_name FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
   WHERE c.conrelid = '"people"'::regclass AND c.contype = 'u' AND cardinality(c.conkey) = 1 AND a.attname = 'code'
   ORDER BY c.conname = 'people_code_key' DESC, c.conname LIMIT 1;
  IF constraint_name IS NULL THEN
    RAISE EXCEPTION 'table % has no unique constraint on column %', 'people', 'code';
  END IF;
  EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'people', constraint_name);
END
$testudo$;
DO $testudo$
DECLARE
  constraint_name text;
BEGIN
  SELECT c.conname INTO constraint_name FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
   WHERE c.conrelid = '"people"'::regclass AND c.contype = 'u' AND cardinality(c.conkey) = 1 AND a.attname = 'handle'
   ORDER BY c.conname = 'people_handle_key' DESC, c.conname LIMIT 1;
  IF constraint_name IS NULL THEN
    RAISE EXCEPTION 'table % has no unique constraint on column %', 'people', 'handle';
  END IF;
  EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'people', constraint_name);
END
$testudo$;
