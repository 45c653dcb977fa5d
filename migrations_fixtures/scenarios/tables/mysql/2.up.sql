ALTER TABLE `memo` MODIFY COLUMN `body` VARCHAR(200) NOT NULL;
ALTER TABLE `stores` MODIFY COLUMN `name` VARCHAR(50) NOT NULL COMMENT 'the store''s name';
ALTER TABLE `product` MODIFY COLUMN `title` VARCHAR(50) NOT NULL COMMENT 'the title';
ALTER TABLE `categories` COMMENT = 'product categories';
ALTER TABLE `memo` COMMENT = '';
ALTER TABLE `stores` COMMENT = 'stores of the world';
