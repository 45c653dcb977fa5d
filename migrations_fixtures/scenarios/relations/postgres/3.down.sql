ALTER TABLE "players" DROP CONSTRAINT "fk_players_coaches_ba141ea0";
ALTER TABLE "players" DROP CONSTRAINT "uid_players_coach_i_e3c3b3";
DROP INDEX "idx_players_team_id_db0de4";
CREATE TABLE "player_fans" (
    "player_ref" INT NOT NULL CONSTRAINT "fk_player_f_players_b7cc941b" REFERENCES "players" ("id") ON DELETE CASCADE,
    "fan_id" INT NOT NULL CONSTRAINT "fk_player_f_sponsors_214f2d1b" REFERENCES "sponsors" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "uidx_player_fans_player__099bd6" ON "player_fans" ("player_ref", "fan_id");
