CREATE TABLE "_testudo_rebuild_players" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "coach_id" INT CONSTRAINT "fk_players_coaches_ba141ea0" REFERENCES "coaches" ("id") ON DELETE SET NULL,
    "team_id" INT NOT NULL CONSTRAINT "fk_players_teams_ab65160f" REFERENCES "teams" ("id") ON DELETE NO ACTION
);
INSERT INTO "_testudo_rebuild_players" ("id", "name", "coach_id", "team_id") SELECT "id", "name", "coach_id", "club_id" FROM "players";
DROP TABLE "players";
ALTER TABLE "_testudo_rebuild_players" RENAME TO "players";
CREATE INDEX "idx_players_team_id_db0de4" ON "players" ("team_id");
CREATE UNIQUE INDEX "uid_players_coach_i_e3c3b3" ON "players" ("coach_id", "name");
