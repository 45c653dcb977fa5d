ALTER TABLE "players" DROP CONSTRAINT "fk_players_teams_ab65160f";
DROP INDEX "idx_players_team_id_db0de4";
ALTER TABLE "players" DROP CONSTRAINT "uid_players_coach_i_e3c3b3";
ALTER TABLE "players" RENAME COLUMN "team_id" TO "club_id";
ALTER TABLE "players" ADD CONSTRAINT "fk_players_teams_a8ab7ee7" FOREIGN KEY ("club_id") REFERENCES "teams" ("id") ON DELETE NO ACTION;
