DROP TABLE "players_teams";
DROP TABLE "players";
DROP TABLE "teams";
