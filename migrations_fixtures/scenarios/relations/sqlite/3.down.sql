CREATE TABLE "_testudo_rebuild_players" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "coach_id" INT,
    "team_id" INT NOT NULL CONSTRAINT "fk_players_teams_ab65160f" REFERENCES "teams" ("id") ON DELETE NO ACTION
);
INSERT INTO "_testudo_rebuild_players" ("id", "name", "coach_id", "team_id") SELECT "id", "name", "coach_id", "team_id" FROM "players";
DROP TABLE "players";
ALTER TABLE "_testudo_rebuild_players" RENAME TO "players";
CREATE TABLE "player_fans" (
    "player_ref" INT NOT NULL CONSTRAINT "fk_player_f_players_b7cc941b" REFERENCES "players" ("id") ON DELETE CASCADE,
    "fan_id" INT NOT NULL CONSTRAINT "fk_player_f_sponsors_214f2d1b" REFERENCES "sponsors" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "uidx_player_fans_player__099bd6" ON "player_fans" ("player_ref", "fan_id");
