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
ALTER TABLE "players" DROP CONSTRAINT "uid_players_coach_i_e3c3b3";
DROP INDEX "idx_players_team_id_db0de4";
CREATE TABLE "player_fans" (
    "player_ref" INT NOT NULL CONSTRAINT "fk_player_f_players_b7cc941b" REFERENCES "players" ("id") ON DELETE CASCADE,
    "fan_id" INT NOT NULL CONSTRAINT "fk_player_f_sponsors_214f2d1b" REFERENCES "sponsors" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "uidx_player_fans_player__099bd6" ON "player_fans" ("player_ref", "fan_id");
