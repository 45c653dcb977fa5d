ALTER TABLE "players" DROP CONSTRAINT "fk_players_teams_a8ab7ee7";
ALTER TABLE "players" RENAME COLUMN "club_id" TO "team_id";
ALTER TABLE "players" ADD CONSTRAINT "uid_players_coach_i_e3c3b3" UNIQUE ("coach_id", "name");
CREATE INDEX "idx_players_team_id_db0de4" ON "players" ("team_id");
ALTER TABLE "players" ADD CONSTRAINT "fk_players_teams_ab65160f" FOREIGN KEY ("team_id") REFERENCES "teams" ("id") ON DELETE NO ACTION;
