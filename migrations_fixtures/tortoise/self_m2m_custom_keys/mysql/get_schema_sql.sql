CREATE TABLE `labels` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(50) NOT NULL UNIQUE
) CHARACTER SET utf8mb4;
CREATE TABLE `label_links` (
    `from_label_id` INT NOT NULL,
    `to_label_id` INT NOT NULL,
    FOREIGN KEY (`from_label_id`) REFERENCES `labels` (`id`) ON DELETE CASCADE,
    FOREIGN KEY (`to_label_id`) REFERENCES `labels` (`id`) ON DELETE CASCADE,
    UNIQUE KEY `uidx_label_links_from_la_3218d7` (`from_label_id`, `to_label_id`)
) CHARACTER SET utf8mb4 COMMENT='labels linked to this one';
