CREATE TABLE IF NOT EXISTS `coaches` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(50) NOT NULL
) CHARACTER SET utf8mb4;
CREATE TABLE IF NOT EXISTS `sponsors` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(50) NOT NULL
) CHARACTER SET utf8mb4;
CREATE TABLE IF NOT EXISTS `teams` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(50) NOT NULL
) CHARACTER SET utf8mb4;
CREATE TABLE IF NOT EXISTS `players` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(50) NOT NULL,
    `mentor_id` INT,
    `team_id` INT NOT NULL,
    CONSTRAINT `fk_players_coaches_6a0f0f23` FOREIGN KEY (`mentor_id`) REFERENCES `coaches` (`id`) ON DELETE SET NULL,
    CONSTRAINT `fk_players_teams_ab65160f` FOREIGN KEY (`team_id`) REFERENCES `teams` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4;
CREATE TABLE IF NOT EXISTS `players_sponsors` (
    `players_id` INT NOT NULL,
    `sponsor_id` INT NOT NULL,
    CONSTRAINT `fk_players__players_a8bd6563` FOREIGN KEY (`players_id`) REFERENCES `players` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_players__sponsors_df4cfe8e` FOREIGN KEY (`sponsor_id`) REFERENCES `sponsors` (`id`) ON DELETE CASCADE,
    UNIQUE KEY `uidx_players_spo_players_ee8edb` (`players_id`, `sponsor_id`)
) CHARACTER SET utf8mb4;
