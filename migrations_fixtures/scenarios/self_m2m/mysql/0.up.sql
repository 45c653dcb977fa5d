CREATE TABLE IF NOT EXISTS `label` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(50) NOT NULL UNIQUE
) CHARACTER SET utf8mb4;
CREATE TABLE IF NOT EXISTS `nodes` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(50) NOT NULL
) CHARACTER SET utf8mb4;
CREATE TABLE IF NOT EXISTS `label_related` (
    `label_rel_id` INT NOT NULL,
    `label_id` INT NOT NULL,
    CONSTRAINT `fk_label_re_label_d3e1b4f3` FOREIGN KEY (`label_rel_id`) REFERENCES `label` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_label_re_label_184ae85d` FOREIGN KEY (`label_id`) REFERENCES `label` (`id`) ON DELETE CASCADE,
    UNIQUE KEY `uidx_label_relat_label_r_cc94a0` (`label_rel_id`, `label_id`)
) CHARACTER SET utf8mb4;
CREATE TABLE IF NOT EXISTS `node_links` (
    `from_node_id` INT NOT NULL,
    `to_node_id` INT NOT NULL,
    CONSTRAINT `fk_node_lin_nodes_5684880a` FOREIGN KEY (`from_node_id`) REFERENCES `nodes` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_node_lin_nodes_047cc3a8` FOREIGN KEY (`to_node_id`) REFERENCES `nodes` (`id`) ON DELETE CASCADE,
    UNIQUE KEY `uidx_node_links_from_no_6acb74` (`from_node_id`, `to_node_id`)
) CHARACTER SET utf8mb4;
