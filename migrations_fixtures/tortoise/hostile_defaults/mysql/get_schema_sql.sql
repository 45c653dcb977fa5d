CREATE TABLE `items` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `quote` VARCHAR(30) NOT NULL  DEFAULT 'it\'s',
    `dquote` VARCHAR(30) NOT NULL  DEFAULT 'say \"hi\"',
    `backslash` VARCHAR(30) NOT NULL  DEFAULT 'C:\\temp'
) CHARACTER SET utf8mb4;
