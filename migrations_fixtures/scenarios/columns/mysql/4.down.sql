ALTER TABLE `items` MODIFY COLUMN `mail` VARCHAR(100);
ALTER TABLE `items` RENAME COLUMN `mail` TO `email`;
ALTER TABLE `items` RENAME COLUMN `amount` TO `price`;
