DROP TABLE "player_fans";
CREATE INDEX "idx_players_team_id_db0de4" ON "players" ("team_id");
ALTER TABLE "players" ADD CONSTRAINT "uid_players_coach_i_e3c3b3" UNIQUE ("coach_id", "name");
ALTER TABLE "players" ADD CONSTRAINT "fk_players_coaches_ba141ea0" FOREIGN KEY ("coach_id") REFERENCES "coaches" ("id") ON DELETE SET NULL;
