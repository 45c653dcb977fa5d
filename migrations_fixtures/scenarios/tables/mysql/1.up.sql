SET @testudo_ddl = COALESCE((SELECT CONCAT('ALTER TABLE `product` DROP FOREIGN KEY ', '`', REPLACE(found, '`', '``'), '`') FROM (SELECT CONSTRAINT_NAME AS found FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'product' AND COLUMN_NAME = 'shop_id' AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY CONSTRAINT_NAME = 'fk_product_shop_6b5a33a6' DESC, CONSTRAINT_NAME LIMIT 1) AS named), 'ALTER TABLE `product` DROP FOREIGN KEY `fk_product_shop_6b5a33a6`');
PREPARE testudo_ddl FROM @testudo_ddl;
EXECUTE testudo_ddl;
DEALLOCATE PREPARE testudo_ddl;
SET @testudo_ddl = COALESCE((SELECT CONCAT('ALTER TABLE `product` DROP INDEX ', '`', REPLACE(found, '`', '``'), '`') FROM (SELECT INDEX_NAME AS found FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'product' AND NON_UNIQUE = 1 GROUP BY INDEX_NAME HAVING COUNT(*) = 1 AND MAX(COLUMN_NAME) = 'shop_id' ORDER BY INDEX_NAME = 'fk_product_shop_6b5a33a6' DESC, INDEX_NAME = 'shop_id' DESC, INDEX_NAME LIMIT 1) AS named), 'ALTER TABLE `product` DROP INDEX `fk_product_shop_6b5a33a6`');
PREPARE testudo_ddl FROM @testudo_ddl;
EXECUTE testudo_ddl;
DEALLOCATE PREPARE testudo_ddl;
SET @testudo_ddl = COALESCE((SELECT CONCAT('ALTER TABLE `shop_product` DROP FOREIGN KEY ', '`', REPLACE(found, '`', '``'), '`') FROM (SELECT CONSTRAINT_NAME AS found FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'shop_product' AND COLUMN_NAME = 'shop_id' AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY CONSTRAINT_NAME = 'fk_shop_pro_shop_d9892b2f' DESC, CONSTRAINT_NAME LIMIT 1) AS named), 'ALTER TABLE `shop_product` DROP FOREIGN KEY `fk_shop_pro_shop_d9892b2f`');
PREPARE testudo_ddl FROM @testudo_ddl;
EXECUTE testudo_ddl;
DEALLOCATE PREPARE testudo_ddl;
SET @testudo_ddl = COALESCE((SELECT CONCAT('ALTER TABLE `shop_product` DROP FOREIGN KEY ', '`', REPLACE(found, '`', '``'), '`') FROM (SELECT CONSTRAINT_NAME AS found FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'shop_product' AND COLUMN_NAME = 'product_id' AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY CONSTRAINT_NAME = 'fk_shop_pro_product_9692cea3' DESC, CONSTRAINT_NAME LIMIT 1) AS named), 'ALTER TABLE `shop_product` DROP FOREIGN KEY `fk_shop_pro_product_9692cea3`');
PREPARE testudo_ddl FROM @testudo_ddl;
EXECUTE testudo_ddl;
DEALLOCATE PREPARE testudo_ddl;
SET @testudo_ddl = COALESCE((SELECT CONCAT('ALTER TABLE `shop_product` DROP INDEX ', '`', REPLACE(found, '`', '``'), '`') FROM (SELECT INDEX_NAME AS found FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'shop_product' AND NON_UNIQUE = 1 GROUP BY INDEX_NAME HAVING COUNT(*) = 1 AND MAX(COLUMN_NAME) = 'product_id' ORDER BY INDEX_NAME = 'fk_shop_pro_product_9692cea3' DESC, INDEX_NAME = 'product_id' DESC, INDEX_NAME LIMIT 1) AS named), 'ALTER TABLE `shop_product` DROP INDEX `fk_shop_pro_product_9692cea3`');
PREPARE testudo_ddl FROM @testudo_ddl;
EXECUTE testudo_ddl;
DEALLOCATE PREPARE testudo_ddl;
ALTER TABLE `shop_product` DROP INDEX `uidx_shop_produc_shop_id_33cd16`;
DROP TABLE `old_things`;
ALTER TABLE `note` RENAME TO `memo`;
ALTER TABLE `shop` RENAME TO `stores`;
ALTER TABLE `shop_product` RENAME TO `stores_product`;
ALTER TABLE `stores_product` RENAME COLUMN `shop_id` TO `stores_id`;
ALTER TABLE `stores_product` RENAME COLUMN `product_id` TO `article_id`;
CREATE TABLE `categories` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(50) NOT NULL
) CHARACTER SET utf8mb4;
ALTER TABLE `product` ADD COLUMN `category_id` INT;
CREATE UNIQUE INDEX `uidx_stores_prod_stores__362586` ON `stores_product` (`stores_id`, `article_id`);
ALTER TABLE `product` ADD CONSTRAINT `fk_product_categori_f9394620` FOREIGN KEY (`category_id`) REFERENCES `categories` (`id`) ON DELETE SET NULL;
ALTER TABLE `product` ADD CONSTRAINT `fk_product_stores_e25d64d4` FOREIGN KEY (`shop_id`) REFERENCES `stores` (`id`) ON DELETE CASCADE;
ALTER TABLE `stores_product` ADD CONSTRAINT `fk_stores_p_stores_544e64d9` FOREIGN KEY (`stores_id`) REFERENCES `stores` (`id`) ON DELETE CASCADE;
ALTER TABLE `stores_product` ADD CONSTRAINT `fk_stores_p_product_eeacf40b` FOREIGN KEY (`article_id`) REFERENCES `product` (`id`) ON DELETE CASCADE;
