CREATE TEMP TABLE "_testudo_foreign_keys_off" ("broken_references" INT CONSTRAINT "rows point at no row (PRAGMA foreign_key_check lists them): fix them first" CHECK ("broken_references" = 0), "foreign_keys" INT CONSTRAINT "foreign_keys must be OFF to rebuild a table that foreign keys point at: run PRAGMA foreign_keys = OFF outside a transaction first (testudo upgrade does)" CHECK ("foreign_keys" = 0));
INSERT INTO "_testudo_foreign_keys_off" ("broken_references") SELECT count(*) FROM pragma_foreign_key_check;
PRAGMA foreign_keys = OFF;
INSERT INTO "_testudo_foreign_keys_off" ("foreign_keys") SELECT "foreign_keys" FROM pragma_foreign_keys;
DROP TABLE "_testudo_foreign_keys_off";
CREATE TABLE "_testudo_rebuild_players_teams" (
    "players_id" INT NOT NULL CONSTRAINT "fk_players__players_34651207" REFERENCES "players" ("id") ON DELETE CASCADE,
    "team_id" INT NOT NULL CONSTRAINT "fk_players__teams_8f3f5e28" REFERENCES "teams" ("id") ON DELETE CASCADE
);
INSERT INTO "_testudo_rebuild_players_teams" ("players_id", "team_id") SELECT "players_id", "team_id" FROM "players_teams";
DROP TABLE "players_teams";
ALTER TABLE "_testudo_rebuild_players_teams" RENAME TO "players_teams";
CREATE UNIQUE INDEX "uidx_players_tea_players_677819" ON "players_teams" ("players_id", "team_id");
CREATE TABLE "_testudo_rebuild_players" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "team_id" INT NOT NULL CONSTRAINT "fk_players_teams_ab65160f" REFERENCES "teams" ("id") ON DELETE CASCADE,
    "captain_of_id" INT UNIQUE CONSTRAINT "fk_players_teams_80e8f9f4" REFERENCES "teams" ("id") ON DELETE SET NULL
);
INSERT INTO "_testudo_rebuild_players" ("id", "name", "team_id", "captain_of_id") SELECT "id", "name", "team_id", "captain_of_id" FROM "players";
DROP TABLE "players";
ALTER TABLE "_testudo_rebuild_players" RENAME TO "players";
CREATE TABLE "_testudo_rebuild_teams" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL
);
INSERT INTO "_testudo_rebuild_teams" ("id", "name") SELECT "id", "name" FROM "teams";
DROP TABLE "teams";
ALTER TABLE "_testudo_rebuild_teams" RENAME TO "teams";
PRAGMA foreign_keys = ON;
CREATE TEMP TABLE "_testudo_foreign_key_check" ("broken_references" INT CONSTRAINT "this migration left rows that point at no row (PRAGMA foreign_key_check lists them)" CHECK ("broken_references" = 0));
INSERT INTO "_testudo_foreign_key_check" ("broken_references") SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE "_testudo_foreign_key_check";
