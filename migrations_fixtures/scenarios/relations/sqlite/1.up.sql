CREATE TEMP TABLE "_testudo_foreign_keys_off" ("broken_references" INT CONSTRAINT "rows point at no row (PRAGMA foreign_key_check lists them): fix them first" CHECK ("broken_references" = 0), "foreign_keys" INT CONSTRAINT "foreign_keys must be OFF to rebuild a table that foreign keys point at: run PRAGMA foreign_keys = OFF outside a transaction first (testudo upgrade does)" CHECK ("foreign_keys" = 0));
INSERT INTO "_testudo_foreign_keys_off" ("broken_references") SELECT count(*) FROM pragma_foreign_key_check;
PRAGMA foreign_keys = OFF;
INSERT INTO "_testudo_foreign_keys_off" ("foreign_keys") SELECT "foreign_keys" FROM pragma_foreign_keys;
DROP TABLE "_testudo_foreign_keys_off";
CREATE TABLE "player_fans" (
    "player_ref" INT NOT NULL CONSTRAINT "fk_player_f_players_b7cc941b" REFERENCES "players" ("id") ON DELETE CASCADE,
    "fan_id" INT NOT NULL CONSTRAINT "fk_player_f_sponsors_214f2d1b" REFERENCES "sponsors" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "uidx_player_fans_player__099bd6" ON "player_fans" ("player_ref", "fan_id");
CREATE TABLE "teams_sponsors" (
    "teams_id" INT NOT NULL CONSTRAINT "fk_teams_sp_teams_dff60345" REFERENCES "teams" ("id") ON DELETE CASCADE,
    "sponsor_id" INT NOT NULL CONSTRAINT "fk_teams_sp_sponsors_adb7e6d3" REFERENCES "sponsors" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "uidx_teams_spons_teams_i_91cc22" ON "teams_sponsors" ("teams_id", "sponsor_id");
CREATE TABLE "_testudo_rebuild_coaches" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "team_id" INT UNIQUE CONSTRAINT "fk_coaches_teams_dbf0f908" REFERENCES "teams" ("id") ON DELETE SET NULL
);
INSERT INTO "_testudo_rebuild_coaches" ("id", "name") SELECT "id", "name" FROM "coaches";
DROP TABLE "coaches";
ALTER TABLE "_testudo_rebuild_coaches" RENAME TO "coaches";
CREATE TABLE "_testudo_rebuild_players" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "coach_id" INT CONSTRAINT "fk_players_coaches_ba141ea0" REFERENCES "coaches" ("id") ON DELETE SET NULL,
    "team_id" INT NOT NULL CONSTRAINT "fk_players_teams_ab65160f" REFERENCES "teams" ("id") ON DELETE RESTRICT
);
INSERT INTO "_testudo_rebuild_players" ("id", "name", "team_id") SELECT "id", "name", "team_id" FROM "players";
DROP TABLE "players";
ALTER TABLE "_testudo_rebuild_players" RENAME TO "players";
PRAGMA foreign_keys = ON;
CREATE TEMP TABLE "_testudo_foreign_key_check" ("broken_references" INT CONSTRAINT "this migration left rows that point at no row (PRAGMA foreign_key_check lists them)" CHECK ("broken_references" = 0));
INSERT INTO "_testudo_foreign_key_check" ("broken_references") SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE "_testudo_foreign_key_check";
