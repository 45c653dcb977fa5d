CREATE TABLE IF NOT EXISTS `note` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `body` VARCHAR(200) NOT NULL COMMENT 'note text'
) CHARACTER SET utf8mb4 COMMENT='the notes'' table';
CREATE TABLE IF NOT EXISTS `shop` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(50) NOT NULL COMMENT 'the shop''s name'
) CHARACTER SET utf8mb4 COMMENT='shops of the world';
CREATE TABLE IF NOT EXISTS `old_things` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `x` INT NOT NULL,
    `shop_id` INT NOT NULL,
    CONSTRAINT `fk_old_thin_shop_ce928685` FOREIGN KEY (`shop_id`) REFERENCES `shop` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4;
CREATE TABLE IF NOT EXISTS `product` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `title` VARCHAR(50) NOT NULL,
    `shop_id` INT NOT NULL,
    CONSTRAINT `fk_product_shop_6b5a33a6` FOREIGN KEY (`shop_id`) REFERENCES `shop` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4;
CREATE TABLE IF NOT EXISTS `shop_product` (
    `shop_id` INT NOT NULL,
    `product_id` INT NOT NULL,
    CONSTRAINT `fk_shop_pro_shop_d9892b2f` FOREIGN KEY (`shop_id`) REFERENCES `shop` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_shop_pro_product_9692cea3` FOREIGN KEY (`product_id`) REFERENCES `product` (`id`) ON DELETE CASCADE,
    UNIQUE KEY `uidx_shop_produc_shop_id_33cd16` (`shop_id`, `product_id`)
) CHARACTER SET utf8mb4;
