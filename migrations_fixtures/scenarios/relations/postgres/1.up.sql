ALTER TABLE "players" DROP CONSTRAINT "fk_players_coaches_6a0f0f23";
ALTER TABLE "players" DROP CONSTRAINT "fk_players_teams_ab65160f";
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
ALTER TABLE "coaches" ADD COLUMN "team_id" INT UNIQUE;
ALTER TABLE "players" ADD COLUMN "coach_id" INT;
ALTER TABLE "players" DROP COLUMN "mentor_id";
ALTER TABLE "coaches" ADD CONSTRAINT "fk_coaches_teams_dbf0f908" FOREIGN KEY ("team_id") REFERENCES "teams" ("id") ON DELETE SET NULL;
ALTER TABLE "players" ADD CONSTRAINT "fk_players_coaches_ba141ea0" FOREIGN KEY ("coach_id") REFERENCES "coaches" ("id") ON DELETE SET NULL;
ALTER TABLE "players" ADD CONSTRAINT "fk_players_teams_ab65160f" FOREIGN KEY ("team_id") REFERENCES "teams" ("id") ON DELETE RESTRICT;
