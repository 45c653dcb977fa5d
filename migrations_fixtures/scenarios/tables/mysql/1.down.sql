SET @testudo_ddl = COALESCE((SELECT CONCAT('ALTER TABLE `stores_product` DROP FOREIGN KEY ', '`', REPLACE(found, '`', '``'), '`') FROM (SELECT CONSTRAINT_NAME AS found FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'stores_product' AND COLUMN_NAME = 'article_id' AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY CONSTRAINT_NAME = 'fk_stores_p_product_eeacf40b' DESC, CONSTRAINT_NAME LIMIT 1) AS named), 'ALTER TABLE `stores_product` DROP FOREIGN KEY `fk_stores_p_product_eeacf40b`');
PREPARE testudo_ddl FROM @testudo_ddl;
EXECUTE testudo_ddl;
DEALLOCATE PREPARE testudo_ddl;
SET @testudo_ddl = COALESCE((SELECT CONCAT('ALTER TABLE `stores_product` DROP INDEX ', '`', REPLACE(found, '`', '``'), '`') FROM (SELECT INDEX_NAME AS found FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'stores_product' AND NON_UNIQUE = 1 GROUP BY INDEX_NAME HAVING COUNT(*) = 1 AND MAX(COLUMN_NAME) = 'article_id' ORDER BY INDEX_NAME = 'fk_stores_p_product_eeacf40b' DESC, INDEX_NAME = 'article_id' DESC, INDEX_NAME LIMIT 1) AS named), 'ALTER TABLE `stores_product` DROP INDEX `fk_stores_p_product_eeacf40b`');
PREPARE testudo_ddl FROM @testudo_ddl;
EXECUTE testudo_ddl;
DEALLOCATE PREPARE testudo_ddl;
SET @testudo_ddl = COALESCE((SELECT CONCAT('ALTER TABLE `stores_product` DROP FOREIGN KEY ', '`', REPLACE(found, '`', '``'), '`') FROM (SELECT CONSTRAINT_NAME AS found FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'stores_product' AND COLUMN_NAME = 'stores_id' AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY CONSTRAINT_NAME = 'fk_stores_p_stores_544e64d9' DESC, CONSTRAINT_NAME LIMIT 1) AS named), 'ALTER TABLE `stores_product` DROP FOREIGN KEY `fk_stores_p_stores_544e64d9`');
PREPARE testudo_ddl FROM @testudo_ddl;
EXECUTE testudo_ddl;
DEALLOCATE PREPARE testudo_ddl;
SET @testudo_ddl = COALESCE((SELECT CONCAT('ALTER TABLE `product` DROP FOREIGN KEY ', '`', REPLACE(found, '`', '``'), '`') FROM (SELECT CONSTRAINT_NAME AS found FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'product' AND COLUMN_NAME = 'shop_id' AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY CONSTRAINT_NAME = 'fk_product_stores_e25d64d4' DESC, CONSTRAINT_NAME LIMIT 1) AS named), 'ALTER TABLE `product` DROP FOREIGN KEY `fk_product_stores_e25d64d4`');
PREPARE testudo_ddl FROM @testudo_ddl;
EXECUTE testudo_ddl;
DEALLOCATE PREPARE testudo_ddl;
SET @testudo_ddl = COALESCE((SELECT CONCAT('ALTER TABLE `product` DROP INDEX ', '`', REPLACE(found, '`', '``'), '`') FROM (SELECT INDEX_NAME AS found FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'product' AND NON_UNIQUE = 1 GROUP BY INDEX_NAME HAVING COUNT(*) = 1 AND MAX(COLUMN_NAME) = 'shop_id' ORDER BY INDEX_NAME = 'fk_product_stores_e25d64d4' DESC, INDEX_NAME = 'shop_id' DESC, INDEX_NAME LIMIT 1) AS named), 'ALTER TABLE `product` DROP INDEX `fk_product_stores_e25d64d4`');
PREPARE testudo_ddl FROM @testudo_ddl;
EXECUTE testudo_ddl;
DEALLOCATE PREPARE testudo_ddl;
SET @testudo_ddl = COALESCE((SELECT CONCAT('ALTER TABLE `product` DROP FOREIGN KEY ', '`', REPLACE(found, '`', '``'), '`') FROM (SELECT CONSTRAINT_NAME AS found FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'product' AND COLUMN_NAME = 'category_id' AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY CONSTRAINT_NAME = 'fk_product_categori_f9394620' DESC, CONSTRAINT_NAME LIMIT 1) AS named), 'ALTER TABLE `product` DROP FOREIGN KEY `fk_product_categori_f9394620`');
PREPARE testudo_ddl FROM @testudo_ddl;
EXECUTE testudo_ddl;
DEALLOCATE PREPARE testudo_ddl;
ALTER TABLE `stores_product` DROP INDEX `uidx_stores_prod_stores__362586`;
ALTER TABLE `product` DROP COLUMN `category_id`;
DROP TABLE `categories`;
ALTER TABLE `stores_product` RENAME COLUMN `article_id` TO `product_id`;
ALTER TABLE `stores_product` RENAME COLUMN `stores_id` TO `shop_id`;
ALTER TABLE `stores_product` RENAME TO `shop_product`;
ALTER TABLE `stores` RENAME TO `shop`;
ALTER TABLE `memo` RENAME TO `note`;
CREATE TABLE `old_things` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `x` INT NOT NULL,
    `shop_id` INT NOT NULL,
    CONSTRAINT `fk_old_thin_shop_ce928685` FOREIGN KEY (`shop_id`) REFERENCES `shop` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4;
CREATE UNIQUE INDEX `uidx_shop_produc_shop_id_33cd16` ON `shop_product` (`shop_id`, `product_id`);
ALTER TABLE `shop_product` ADD CONSTRAINT `fk_shop_pro_product_9692cea3` FOREIGN KEY (`product_id`) REFERENCES `product` (`id`) ON DELETE CASCADE;
ALTER TABLE `shop_product` ADD CONSTRAINT `fk_shop_pro_shop_d9892b2f` FOREIGN KEY (`shop_id`) REFERENCES `shop` (`id`) ON DELETE CASCADE;
ALTER TABLE `product` ADD CONSTRAINT `fk_product_shop_6b5a33a6` FOREIGN KEY (`shop_id`) REFERENCES `shop` (`id`) ON DELETE CASCADE;
