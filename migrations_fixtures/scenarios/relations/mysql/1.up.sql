SET @testudo_ddl = COALESCE((SELECT CONCAT('ALTER TABLE `players` DROP FOREIGN KEY ', '`', REPLACE(found, '`', '``'), '`') FROM (SELECT CONSTRAINT_NAME AS found FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'players' AND COLUMN_NAME = 'mentor_id' AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY CONSTRAINT_NAME = 'fk_players_coaches_6a0f0f23' DESC, CONSTRAINT_NAME LIMIT 1) AS named), 'ALTER TABLE `players` DROP FOREIGN KEY `fk_players_coaches_6a0f0f23`');
PREPARE testudo_ddl FROM @testudo_ddl;
EXECUTE testudo_ddl;
DEALLOCATE PREPARE testudo_ddl;
SET @testudo_ddl = COALESCE((SELECT CONCAT('ALTER TABLE `players` DROP FOREIGN KEY ', '`', REPLACE(found, '`', '``'), '`') FROM (SELECT CONSTRAINT_NAME AS found FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'players' AND COLUMN_NAME = 'team_id' AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY CONSTRAINT_NAME = 'fk_players_teams_ab65160f' DESC, CONSTRAINT_NAME LIMIT 1) AS named), 'ALTER TABLE `players` DROP FOREIGN KEY `fk_players_teams_ab65160f`');
PREPARE testudo_ddl FROM @testudo_ddl;
EXECUTE testudo_ddl;
DEALLOCATE PREPARE testudo_ddl;
SET @testudo_ddl = COALESCE((SELECT CONCAT('ALTER TABLE `players` DROP INDEX ', '`', REPLACE(found, '`', '``'), '`') FROM (SELECT INDEX_NAME AS found FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'players' AND NON_UNIQUE = 1 GROUP BY INDEX_NAME HAVING COUNT(*) = 1 AND MAX(COLUMN_NAME) = 'team_id' ORDER BY INDEX_NAME = 'fk_players_teams_ab65160f' DESC, INDEX_NAME = 'team_id' DESC, INDEX_NAME LIMIT 1) AS named), 'ALTER TABLE `players` DROP INDEX `fk_players_teams_ab65160f`');
PREPARE testudo_ddl FROM @testudo_ddl;
EXECUTE testudo_ddl;
DEALLOCATE PREPARE testudo_ddl;
CREATE TABLE `player_fans` (
    `player_ref` INT NOT NULL,
    `fan_id` INT NOT NULL,
    CONSTRAINT `fk_player_f_players_b7cc941b` FOREIGN KEY (`player_ref`) REFERENCES `players` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_player_f_sponsors_214f2d1b` FOREIGN KEY (`fan_id`) REFERENCES `sponsors` (`id`) ON DELETE CASCADE,
    UNIQUE KEY `uidx_player_fans_player__099bd6` (`player_ref`, `fan_id`)
) CHARACTER SET utf8mb4;
CREATE TABLE `teams_sponsors` (
    `teams_id` INT NOT NULL,
    `sponsor_id` INT NOT NULL,
    CONSTRAINT `fk_teams_sp_teams_dff60345` FOREIGN KEY (`teams_id`) REFERENCES `teams` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_teams_sp_sponsors_adb7e6d3` FOREIGN KEY (`sponsor_id`) REFERENCES `sponsors` (`id`) ON DELETE CASCADE,
    UNIQUE KEY `uidx_teams_spons_teams_i_91cc22` (`teams_id`, `sponsor_id`)
) CHARACTER SET utf8mb4;
ALTER TABLE `coaches` ADD COLUMN `team_id` INT UNIQUE;
ALTER TABLE `players` ADD COLUMN `coach_id` INT;
ALTER TABLE `players` DROP COLUMN `mentor_id`;
ALTER TABLE `coaches` ADD CONSTRAINT `fk_coaches_teams_dbf0f908` FOREIGN KEY (`team_id`) REFERENCES `teams` (`id`) ON DELETE SET NULL;
ALTER TABLE `players` ADD CONSTRAINT `fk_players_coaches_ba141ea0` FOREIGN KEY (`coach_id`) REFERENCES `coaches` (`id`) ON DELETE SET NULL;
ALTER TABLE `players` ADD CONSTRAINT `fk_players_teams_ab65160f` FOREIGN KEY (`team_id`) REFERENCES `teams` (`id`) ON DELETE RESTRICT;
