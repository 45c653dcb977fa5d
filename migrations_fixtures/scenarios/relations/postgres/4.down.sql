DO $testudo$
DECLARE
  constraint_name text;
BEGIN
  SELECT c.conname INTO constraint_name FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
   WHERE c.conrelid = '"players"'::regclass AND c.contype = 'f' AND cardinality(c.conkey) = 1 AND a.attname = 'club_id'
   ORDER BY c.conname = 'fk_players_teams_a8ab7ee7' DESC, c.conname LIMIT 1;
  IF constraint_name IS NULL THEN
    RAISE EXCEPTION 'table % has no foreign key on column %', 'players', 'club_id';
  END IF;
  EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'players', constraint_name);
END
$testudo$;
ALTER TABLE "players" RENAME COLUMN "club_id" TO "team_id";
ALTER TABLE "players" ADD CONSTRAINT "uid_players_coach_i_e3c3b3" UNIQUE ("coach_id", "name");
CREATE INDEX "idx_players_team_id_db0de4" ON "players" ("team_id");
ALTER TABLE "players" ADD CONSTRAINT "fk_players_teams_ab65160f" FOREIGN KEY ("team_id") REFERENCES "teams" ("id") ON DELETE NO ACTION;
