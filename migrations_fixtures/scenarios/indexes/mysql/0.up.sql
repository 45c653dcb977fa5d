CREATE TABLE IF NOT EXISTS `persons` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `first` VARCHAR(30) NOT NULL,
    `last` VARCHAR(30) NOT NULL,
    `email` VARCHAR(100) NOT NULL UNIQUE,
    `code` VARCHAR(10) NOT NULL,
    `city` VARCHAR(40) NOT NULL,
    `country` VARCHAR(40) NOT NULL,
    `nick` VARCHAR(20) NOT NULL UNIQUE,
    UNIQUE KEY `uid_persons_code_9b52d3` (`code`, `country`),
    KEY `idx_persons_city_d20a15` (`city`),
    KEY `idx_persons_first_71c0f9` (`first`, `last`)
) CHARACTER SET utf8mb4;
