CREATE TABLE `authors` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(30) NOT NULL  COMMENT 'name with \'quote\''
) CHARACTER SET utf8mb4 COMMENT='O\'Brien\'s table';
CREATE TABLE `notes` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT COMMENT 'primary \'key\'',
    `single` VARCHAR(20) NOT NULL  COMMENT 'it\'s',
    `double` VARCHAR(20) NOT NULL  COMMENT 'say \"hi\"',
    `backslash` VARCHAR(20) NOT NULL  COMMENT 'C:\\temp\\new',
    `trailing_backslash` VARCHAR(20) NOT NULL  COMMENT 'ends with \\',
    `newline` LONGTEXT NOT NULL  COMMENT 'line one\nline two',
    `crlf_tab` LONGTEXT   COMMENT 'a\r\nb	c',
    `mixed` VARCHAR(20)   COMMENT 'Buyer\'s \"note\": C:\\path\\file\nsecond line',
    `sql_like` INT NOT NULL  COMMENT '50% off; -- not a comment */ /* {braces} $1 ?' DEFAULT 0,
    `unicode` VARCHAR(20)   COMMENT 'Größe ünd 日本語 ✓',
    `owner_id` INT COMMENT 'the author\'s \"id\"',
    CONSTRAINT `fk_notes_authors_09e0607e` FOREIGN KEY (`owner_id`) REFERENCES `authors` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4 COMMENT='Notes: it\'s \"quoted\"\\ and\nmulti-line';
CREATE TABLE `note_authors` (
    `notes_id` INT NOT NULL,
    `author_id` INT NOT NULL,
    FOREIGN KEY (`notes_id`) REFERENCES `notes` (`id`) ON DELETE CASCADE,
    FOREIGN KEY (`author_id`) REFERENCES `authors` (`id`) ON DELETE CASCADE,
    UNIQUE KEY `uidx_note_author_notes_i_fd22a0` (`notes_id`, `author_id`)
) CHARACTER SET utf8mb4 COMMENT='who\'s tagged';
