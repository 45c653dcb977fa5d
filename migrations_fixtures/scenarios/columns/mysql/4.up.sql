ALTER TABLE `items` RENAME COLUMN `price` TO `amount`;
ALTER TABLE `items` RENAME COLUMN `email` TO `mail`;
ALTER TABLE `items` MODIFY COLUMN `mail` VARCHAR(150);
