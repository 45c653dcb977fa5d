CREATE TABLE IF NOT EXISTS "coaches" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL
);
CREATE TABLE IF NOT EXISTS "sponsors" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL
);
CREATE TABLE IF NOT EXISTS "teams" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL
);
CREATE TABLE IF NOT EXISTS "players" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "mentor_id" INT CONSTRAINT "fk_players_coaches_6a0f0f23" REFERENCES "coaches" ("id") ON DELETE SET NULL,
    "team_id" INT NOT NULL CONSTRAINT "fk_players_teams_ab65160f" REFERENCES "teams" ("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "players_sponsors" (
    "players_id" INT NOT NULL CONSTRAINT "fk_players__players_a8bd6563" REFERENCES "players" ("id") ON DELETE CASCADE,
    "sponsor_id" INT NOT NULL CONSTRAINT "fk_players__sponsors_df4cfe8e" REFERENCES "sponsors" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX IF NOT EXISTS "uidx_players_spo_players_ee8edb" ON "players_sponsors" ("players_id", "sponsor_id");
