CREATE TEMP TABLE "_testudo_foreign_keys_off" ("broken_references" INT CONSTRAINT "rows point at no row (PRAGMA foreign_key_check lists them): fix them first" CHECK ("broken_references" = 0), "foreign_keys" INT CONSTRAINT "foreign_keys must be OFF to rebuild a table that foreign keys point at: run PRAGMA foreign_keys = OFF outside a transaction first (testudo upgrade does)" CHECK ("foreign_keys" = 0));
INSERT INTO "_testudo_foreign_keys_off" ("broken_references") SELECT count(*) FROM pragma_foreign_key_check;
PRAGMA foreign_keys = OFF;
INSERT INTO "_testudo_foreign_keys_off" ("foreign_keys") SELECT "foreign_keys" FROM pragma_foreign_keys;
DROP TABLE "_testudo_foreign_keys_off";
DROP TABLE "player_fans";
CREATE TABLE "_testudo_rebuild_players" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "coach_id" INT CONSTRAINT "fk_players_coaches_ba141ea0" REFERENCES "coaches" ("id") ON DELETE SET NULL,
    "team_id" INT NOT NULL CONSTRAINT "fk_players_teams_ab65160f" REFERENCES "teams" ("id") ON DELETE NO ACTION
);
INSERT INTO "_testudo_rebuild_players" ("id", "name", "coach_id", "team_id") SELECT "id", "name", "coach_id", "team_id" FROM "players";
DROP TABLE "players";
ALTER TABLE "_testudo_rebuild_players" RENAME TO "players";
CREATE INDEX "idx_players_team_id_db0de4" ON "players" ("team_id");
CREATE UNIQUE INDEX "uid_players_coach_i_e3c3b3" ON "players" ("coach_id", "name");
PRAGMA foreign_keys = ON;
CREATE TEMP TABLE "_testudo_foreign_key_check" ("broken_references" INT CONSTRAINT "this migration left rows that point at no row (PRAGMA foreign_key_check lists them)" CHECK ("broken_references" = 0));
INSERT INTO "_testudo_foreign_key_check" ("broken_references") SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE "_testudo_foreign_key_check";
