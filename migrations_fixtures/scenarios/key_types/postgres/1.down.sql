ALTER TABLE "players_teams" ALTER COLUMN "team_id" TYPE INT USING "team_id"::INT;
ALTER TABLE "players" ALTER COLUMN "captain_of_id" TYPE INT USING "captain_of_id"::INT;
ALTER TABLE "players" ALTER COLUMN "team_id" TYPE INT USING "team_id"::INT;
ALTER TABLE "teams" ALTER COLUMN "id" TYPE INT USING "id"::INT;
DO $testudo$
BEGIN
  EXECUTE format('ALTER SEQUENCE %s AS INT', pg_get_serial_sequence('"teams"', 'id'));
END
$testudo$;
