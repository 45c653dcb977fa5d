ALTER TABLE `gadgets` DROP COLUMN `code`;
ALTER TABLE `gadgets` DROP COLUMN `note`;
