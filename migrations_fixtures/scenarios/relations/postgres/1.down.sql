DO $testudo$
DECLARE
  constraint_name text;
BEGIN
  SELECT c.conname INTO constraint_name FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
   WHERE c.conrelid = '"players"'::regclass AND c.contype = 'f' AND cardinality(c.conkey) = 1 AND a.attname = 'team_id'
   ORDER BY c.conname = 'fk_players_teams_ab65160f' DESC, c.conname LIMIT 1;
  IF constraint_name IS NULL THEN
    RAISE EXCEPTION 'table % has no foreign key on column %', 'players', 'team_id';
  END IF;
  EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'players', constraint_name);
END
$testudo$;
DO $testudo$
DECLARE
  constraint_name text;
BEGIN
  SELECT c.conname INTO constraint_name FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
   WHERE c.conrelid = '"players"'::regclass AND c.contype = 'f' AND cardinality(c.conkey) = 1 AND a.attname = 'coach_id'
   ORDER BY c.conname = 'fk_players_coaches_ba141ea0' DESC, c.conname LIMIT 1;
  IF constraint_name IS NULL THEN
    RAISE EXCEPTION 'table % has no foreign key on column %', 'players', 'coach_id';
  END IF;
  EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'players', constraint_name);
END
$testudo$;
DO $testudo$
DECLARE
  constraint_name text;
BEGIN
  SELECT c.conname INTO constraint_name FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
   WHERE c.conrelid = '"coaches"'::regclass AND c.contype = 'f' AND cardinality(c.conkey) = 1 AND a.attname = 'team_id'
   ORDER BY c.conname = 'fk_coaches_teams_dbf0f908' DESC, c.conname LIMIT 1;
  IF constraint_name IS NULL THEN
    RAISE EXCEPTION 'table % has no foreign key on column %', 'coaches', 'team_id';
  END IF;
  EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'coaches', constraint_name);
END
$testudo$;
ALTER TABLE "players" ADD COLUMN "mentor_id" INT;
ALTER TABLE "players" DROP COLUMN "coach_id";
ALTER TABLE "coaches" DROP COLUMN "team_id";
DROP TABLE "teams_sponsors";
DROP TABLE "player_fans";
ALTER TABLE "players" ADD CONSTRAINT "fk_players_teams_ab65160f" FOREIGN KEY ("team_id") REFERENCES "teams" ("id") ON DELETE CASCADE;
ALTER TABLE "players" ADD CONSTRAINT "fk_players_coaches_6a0f0f23" FOREIGN KEY ("mentor_id") REFERENCES "coaches" ("id") ON DELETE SET NULL;
