DROP TABLE "players_sponsors";
DROP TABLE "players";
DROP TABLE "teams";
DROP TABLE "sponsors";
DROP TABLE "coaches";
