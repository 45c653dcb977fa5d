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
ALTER TABLE "coaches" ADD COLUMN "team_id" INT UNIQUE;
CREATE TABLE "teams_sponsors" (
    "teams_id" INT NOT NULL CONSTRAINT "fk_teams_sp_teams_dff60345" REFERENCES "teams" ("id") ON DELETE CASCADE,
    "sponsor_id" INT NOT NULL CONSTRAINT "fk_teams_sp_sponsors_adb7e6d3" REFERENCES "sponsors" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "uidx_teams_spons_teams_i_91cc22" ON "teams_sponsors" ("teams_id", "sponsor_id");
ALTER TABLE "players" ADD CONSTRAINT "fk_players_teams_ab65160f" FOREIGN KEY ("team_id") REFERENCES "teams" ("id") ON DELETE RESTRICT;
ALTER TABLE "players" ADD CONSTRAINT "fk_players_coaches_ba141ea0" FOREIGN KEY ("coach_id") REFERENCES "coaches" ("id") ON DELETE SET NULL;
ALTER TABLE "coaches" ADD CONSTRAINT "fk_coaches_teams_dbf0f908" FOREIGN KEY ("team_id") REFERENCES "teams" ("id") ON DELETE SET NULL;
