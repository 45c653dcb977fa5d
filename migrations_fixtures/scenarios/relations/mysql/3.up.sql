ALTER TABLE `players` DROP FOREIGN KEY `fk_players_teams_ab65160f`;
ALTER TABLE `players` DROP INDEX `fk_players_teams_ab65160f`;
DROP TABLE `player_fans`;
CREATE INDEX `idx_players_team_id_db0de4` ON `players` (`team_id`);
ALTER TABLE `players` ADD UNIQUE KEY `uid_players_coach_i_e3c3b3` (`coach_id`, `name`);
ALTER TABLE `players` ADD CONSTRAINT `fk_players_coaches_ba141ea0` FOREIGN KEY (`coach_id`) REFERENCES `coaches` (`id`) ON DELETE SET NULL;
ALTER TABLE `players` ADD CONSTRAINT `fk_players_teams_ab65160f` FOREIGN KEY (`team_id`) REFERENCES `teams` (`id`) ON DELETE NO ACTION;
