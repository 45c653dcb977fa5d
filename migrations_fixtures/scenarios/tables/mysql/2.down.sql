ALTER TABLE `stores` COMMENT = 'shops of the world';
ALTER TABLE `memo` COMMENT = 'the notes'' table';
ALTER TABLE `categories` COMMENT = '';
ALTER TABLE `product` MODIFY COLUMN `title` VARCHAR(50) NOT NULL;
ALTER TABLE `stores` MODIFY COLUMN `name` VARCHAR(50) NOT NULL COMMENT 'the shop''s name';
ALTER TABLE `memo` MODIFY COLUMN `body` VARCHAR(200) NOT NULL COMMENT 'note text';
