CREATE TABLE IF NOT EXISTS "teams" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(50) NOT NULL
);
CREATE TABLE IF NOT EXISTS "players" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(50) NOT NULL,
    "team_id" INT NOT NULL CONSTRAINT "fk_players_teams_ab65160f" REFERENCES "teams" ("id") ON DELETE CASCADE,
    "captain_of_id" INT UNIQUE CONSTRAINT "fk_players_teams_80e8f9f4" REFERENCES "teams" ("id") ON DELETE SET NULL
);
CREATE TABLE IF NOT EXISTS "players_teams" (
    "players_id" INT NOT NULL CONSTRAINT "fk_players__players_34651207" REFERENCES "players" ("id") ON DELETE CASCADE,
    "team_id" INT NOT NULL CONSTRAINT "fk_players__teams_8f3f5e28" REFERENCES "teams" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX IF NOT EXISTS "uidx_players_tea_players_677819" ON "players_teams" ("players_id", "team_id");
