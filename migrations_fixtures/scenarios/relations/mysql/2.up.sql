ALTER TABLE `coaches` DROP FOREIGN KEY `fk_coaches_teams_dbf0f908`;
ALTER TABLE `players` DROP FOREIGN KEY `fk_players_coaches_ba141ea0`;
ALTER TABLE `players` DROP INDEX `fk_players_coaches_ba141ea0`;
ALTER TABLE `players` DROP FOREIGN KEY `fk_players_teams_ab65160f`;
ALTER TABLE `players` DROP INDEX `fk_players_teams_ab65160f`;
DROP TABLE `teams_sponsors`;
ALTER TABLE `coaches` DROP COLUMN `team_id`;
ALTER TABLE `players` ADD CONSTRAINT `fk_players_teams_ab65160f` FOREIGN KEY (`team_id`) REFERENCES `teams` (`id`) ON DELETE NO ACTION;
