ALTER TABLE `persons` DROP INDEX `idx_persons_country_4b2976`;
ALTER TABLE `persons` DROP INDEX `idx_persons_last_d4c0ea`;
ALTER TABLE `persons` DROP INDEX `uid_persons_first_71c0f9`;
ALTER TABLE `persons` RENAME TO `people`;
ALTER TABLE `people` RENAME COLUMN `country` TO `nation`;
ALTER TABLE `people` RENAME COLUMN `nick` TO `handle`;
CREATE INDEX `idx_people_nation_6940e8` ON `people` (`nation`);
CREATE INDEX `idx_people_last_63909d` ON `people` (`last`, `city`);
ALTER TABLE `people` ADD UNIQUE KEY `uid_people_first_cd0768` (`first`, `last`);
