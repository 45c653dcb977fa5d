ALTER TABLE `gadgets` ADD COLUMN `note` VARCHAR(100) COMMENT 'Buyer''s "note": C:\\temp\\new
second line\\';
ALTER TABLE `gadgets` ADD COLUMN `code` VARCHAR(10) NOT NULL DEFAULT '' COMMENT 'part''s code';
ALTER TABLE `gadgets` MODIFY COLUMN `code` VARCHAR(10) NOT NULL COMMENT 'part''s code';
