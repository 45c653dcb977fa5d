SET @testudo_ddl = COALESCE((SELECT CONCAT('ALTER TABLE `stores_articles` DROP FOREIGN KEY ', '`', REPLACE(found, '`', '``'), '`') FROM (SELECT CONSTRAINT_NAME AS found FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'stores_articles' AND COLUMN_NAME = 'article_id' AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY CONSTRAINT_NAME = 'fk_stores_a_articles_43ad5457' DESC, CONSTRAINT_NAME LIMIT 1) AS named), 'ALTER TABLE `stores_articles` DROP FOREIGN KEY `fk_stores_a_articles_43ad5457`');
PREPARE testudo_ddl FROM @testudo_ddl;
EXECUTE testudo_ddl;
DEALLOCATE PREPARE testudo_ddl;
SET @testudo_ddl = COALESCE((SELECT CONCAT('ALTER TABLE `stores_articles` DROP INDEX ', '`', REPLACE(found, '`', '``'), '`') FROM (SELECT INDEX_NAME AS found FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'stores_articles' AND NON_UNIQUE = 1 GROUP BY INDEX_NAME HAVING COUNT(*) = 1 AND MAX(COLUMN_NAME) = 'article_id' ORDER BY INDEX_NAME = 'fk_stores_a_articles_43ad5457' DESC, INDEX_NAME = 'article_id' DESC, INDEX_NAME LIMIT 1) AS named), 'ALTER TABLE `stores_articles` DROP INDEX `fk_stores_a_articles_43ad5457`');
PREPARE testudo_ddl FROM @testudo_ddl;
EXECUTE testudo_ddl;
DEALLOCATE PREPARE testudo_ddl;
SET @testudo_ddl = COALESCE((SELECT CONCAT('ALTER TABLE `stores_articles` DROP FOREIGN KEY ', '`', REPLACE(found, '`', '``'), '`') FROM (SELECT CONSTRAINT_NAME AS found FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'stores_articles' AND COLUMN_NAME = 'stores_id' AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY CONSTRAINT_NAME = 'fk_stores_a_stores_72a492db' DESC, CONSTRAINT_NAME LIMIT 1) AS named), 'ALTER TABLE `stores_articles` DROP FOREIGN KEY `fk_stores_a_stores_72a492db`');
PREPARE testudo_ddl FROM @testudo_ddl;
EXECUTE testudo_ddl;
DEALLOCATE PREPARE testudo_ddl;
SET @testudo_ddl = COALESCE((SELECT CONCAT('ALTER TABLE `articles` DROP FOREIGN KEY ', '`', REPLACE(found, '`', '``'), '`') FROM (SELECT CONSTRAINT_NAME AS found FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'articles' AND COLUMN_NAME = 'shop_id' AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY CONSTRAINT_NAME = 'fk_articles_stores_23010507' DESC, CONSTRAINT_NAME LIMIT 1) AS named), 'ALTER TABLE `articles` DROP FOREIGN KEY `fk_articles_stores_23010507`');
PREPARE testudo_ddl FROM @testudo_ddl;
EXECUTE testudo_ddl;
DEALLOCATE PREPARE testudo_ddl;
SET @testudo_ddl = COALESCE((SELECT CONCAT('ALTER TABLE `articles` DROP INDEX ', '`', REPLACE(found, '`', '``'), '`') FROM (SELECT INDEX_NAME AS found FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'articles' AND NON_UNIQUE = 1 GROUP BY INDEX_NAME HAVING COUNT(*) = 1 AND MAX(COLUMN_NAME) = 'shop_id' ORDER BY INDEX_NAME = 'fk_articles_stores_23010507' DESC, INDEX_NAME = 'shop_id' DESC, INDEX_NAME LIMIT 1) AS named), 'ALTER TABLE `articles` DROP INDEX `fk_articles_stores_23010507`');
PREPARE testudo_ddl FROM @testudo_ddl;
EXECUTE testudo_ddl;
DEALLOCATE PREPARE testudo_ddl;
ALTER TABLE `stores_articles` DROP INDEX `uidx_stores_arti_stores__c86227`;
ALTER TABLE `articles` ADD COLUMN `category_id` INT;
ALTER TABLE `messages` RENAME COLUMN `text` TO `body`;
ALTER TABLE `stores_articles` RENAME TO `stores_product`;
ALTER TABLE `articles` RENAME TO `product`;
ALTER TABLE `messages` RENAME TO `memo`;
CREATE TABLE `categories` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(50) NOT NULL
) CHARACTER SET utf8mb4 COMMENT='product categories';
CREATE UNIQUE INDEX `uidx_stores_prod_stores__362586` ON `stores_product` (`stores_id`, `article_id`);
ALTER TABLE `stores_product` ADD CONSTRAINT `fk_stores_p_product_eeacf40b` FOREIGN KEY (`article_id`) REFERENCES `product` (`id`) ON DELETE CASCADE;
ALTER TABLE `stores_product` ADD CONSTRAINT `fk_stores_p_stores_544e64d9` FOREIGN KEY (`stores_id`) REFERENCES `stores` (`id`) ON DELETE CASCADE;
ALTER TABLE `product` ADD CONSTRAINT `fk_product_stores_e25d64d4` FOREIGN KEY (`shop_id`) REFERENCES `stores` (`id`) ON DELETE CASCADE;
ALTER TABLE `product` ADD CONSTRAINT `fk_product_categori_f9394620` FOREIGN KEY (`category_id`) REFERENCES `categories` (`id`) ON DELETE SET NULL;
