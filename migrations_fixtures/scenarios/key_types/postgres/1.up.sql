ALTER TABLE "teams" ALTER COLUMN "id" TYPE BIGINT USING "id"::BIGINT;
DO $testudo$
BEGIN
  EXECUTE format('ALTER SEQUENCE %s AS BIGINT', pg_get_serial_sequence('"teams"', 'id'));
END
$testudo$;
ALTER TABLE "players" ALTER COLUMN "team_id" TYPE BIGINT USING "team_id"::BIGINT;
ALTER TABLE "players" ALTER COLUMN "captain_of_id" TYPE BIGINT USING "captain_of_id"::BIGINT;
ALTER TABLE "players_teams" ALTER COLUMN "team_id" TYPE BIGINT USING "team_id"::BIGINT;
