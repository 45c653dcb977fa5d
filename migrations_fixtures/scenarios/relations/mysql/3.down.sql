SET @testudo_ddl = COALESCE((SELECT CONCAT('ALTER TABLE `players` DROP FOREIGN KEY ', '`', REPLACE(found, '`', '``'), '`') FROM (SELECT CONSTRAINT_NAME AS found FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'players' AND COLUMN_NAME = 'team_id' AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY CONSTRAINT_NAME = 'fk_players_teams_ab65160f' DESC, CONSTRAINT_NAME LIMIT 1) AS named), 'ALTER TABLE `players` DROP FOREIGN KEY `fk_players_teams_ab65160f`');
PREPARE testudo_ddl FROM @testudo_ddl;
EXECUTE testudo_ddl;
DEALLOCATE PREPARE testudo_ddl;
SET @testudo_ddl = COALESCE((SELECT CONCAT('ALTER TABLE `players` DROP FOREIGN KEY ', '`', REPLACE(found, '`', '``'), '`') FROM (SELECT CONSTRAINT_NAME AS found FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'players' AND COLUMN_NAME = 'coach_id' AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY CONSTRAINT_NAME = 'fk_players_coaches_ba141ea0' DESC, CONSTRAINT_NAME LIMIT 1) AS named), 'ALTER TABLE `players` DROP FOREIGN KEY `fk_players_coaches_ba141ea0`');
PREPARE testudo_ddl FROM @testudo_ddl;
EXECUTE testudo_ddl;
DEALLOCATE PREPARE testudo_ddl;
ALTER TABLE `players` DROP INDEX `uid_players_coach_i_e3c3b3`;
ALTER TABLE `players` DROP INDEX `idx_players_team_id_db0de4`;
CREATE TABLE `player_fans` (
    `player_ref` INT NOT NULL,
    `fan_id` INT NOT NULL,
    CONSTRAINT `fk_player_f_players_b7cc941b` FOREIGN KEY (`player_ref`) REFERENCES `players` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_player_f_sponsors_214f2d1b` FOREIGN KEY (`fan_id`) REFERENCES `sponsors` (`id`) ON DELETE CASCADE,
    UNIQUE KEY `uidx_player_fans_player__099bd6` (`player_ref`, `fan_id`)
) CHARACTER SET utf8mb4;
ALTER TABLE `players` ADD CONSTRAINT `fk_players_teams_ab65160f` FOREIGN KEY (`team_id`) REFERENCES `teams` (`id`) ON DELETE NO ACTION;
