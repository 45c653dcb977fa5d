DROP TABLE "teams_sponsors";
CREATE TABLE "_testudo_rebuild_coaches" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL
);
INSERT INTO "_testudo_rebuild_coaches" ("id", "name") SELECT "id", "name" FROM "coaches";
DROP TABLE "coaches";
ALTER TABLE "_testudo_rebuild_coaches" RENAME TO "coaches";
CREATE TABLE "_testudo_rebuild_players" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "coach_id" INT,
    "team_id" INT NOT NULL CONSTRAINT "fk_players_teams_ab65160f" REFERENCES "teams" ("id") ON DELETE NO ACTION
);
INSERT INTO "_testudo_rebuild_players" ("id", "name", "coach_id", "team_id") SELECT "id", "name", "coach_id", "team_id" FROM "players";
DROP TABLE "players";
ALTER TABLE "_testudo_rebuild_players" RENAME TO "players";
