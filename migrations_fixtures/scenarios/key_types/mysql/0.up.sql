CREATE TABLE IF NOT EXISTS `teams` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(50) NOT NULL
) CHARACTER SET utf8mb4;
CREATE TABLE IF NOT EXISTS `players` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(50) NOT NULL,
    `team_id` INT NOT NULL,
    `captain_of_id` INT UNIQUE,
    CONSTRAINT `fk_players_teams_ab65160f` FOREIGN KEY (`team_id`) REFERENCES `teams` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_players_teams_80e8f9f4` FOREIGN KEY (`captain_of_id`) REFERENCES `teams` (`id`) ON DELETE SET NULL
) CHARACTER SET utf8mb4;
CREATE TABLE IF NOT EXISTS `players_teams` (
    `players_id` INT NOT NULL,
    `team_id` INT NOT NULL,
    CONSTRAINT `fk_players__players_34651207` FOREIGN KEY (`players_id`) REFERENCES `players` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_players__teams_8f3f5e28` FOREIGN KEY (`team_id`) REFERENCES `teams` (`id`) ON DELETE CASCADE,
    UNIQUE KEY `uidx_players_tea_players_677819` (`players_id`, `team_id`)
) CHARACTER SET utf8mb4;
