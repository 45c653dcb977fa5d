CREATE TABLE `label` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(50) NOT NULL UNIQUE
) CHARACTER SET utf8mb4;
CREATE TABLE `nodes` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(50) NOT NULL
) CHARACTER SET utf8mb4;
CREATE TABLE `label_related` (
    `label_rel_id` INT NOT NULL,
    `label_id` INT NOT NULL,
    FOREIGN KEY (`label_rel_id`) REFERENCES `label` (`id`) ON DELETE CASCADE,
    FOREIGN KEY (`label_id`) REFERENCES `label` (`id`) ON DELETE CASCADE,
    UNIQUE KEY `uidx_label_relat_label_r_cc94a0` (`label_rel_id`, `label_id`)
) CHARACTER SET utf8mb4;
CREATE TABLE `node_links` (
    `nodes_id` INT NOT NULL,
    `node_id` INT NOT NULL,
    FOREIGN KEY (`nodes_id`) REFERENCES `nodes` (`id`) ON DELETE CASCADE,
    FOREIGN KEY (`node_id`) REFERENCES `nodes` (`id`) ON DELETE CASCADE,
    UNIQUE KEY `uidx_node_links_nodes_i_09a165` (`nodes_id`, `node_id`)
) CHARACTER SET utf8mb4;
