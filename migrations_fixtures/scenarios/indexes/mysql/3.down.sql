ALTER TABLE `people` ADD UNIQUE INDEX `handle` (`handle`);
ALTER TABLE `people` ADD UNIQUE INDEX `code` (`code`);
SET @testudo_ddl = COALESCE((SELECT CONCAT('ALTER TABLE `people` DROP INDEX ', '`', REPLACE(found, '`', '``'), '`') FROM (SELECT INDEX_NAME AS found FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'people' AND NON_UNIQUE = 0 AND INDEX_NAME <> 'PRIMARY' GROUP BY INDEX_NAME HAVING COUNT(*) = 1 AND MAX(COLUMN_NAME) = 'email' ORDER BY INDEX_NAME = 'email' DESC, INDEX_NAME LIMIT 1) AS named), 'ALTER TABLE `people` DROP INDEX `email`');
PREPARE testudo_ddl FROM @testudo_ddl;
EXECUTE testudo_ddl;
DEALLOCATE PREPARE testudo_ddl;
ALTER TABLE `people` ADD UNIQUE KEY `uid_people_first_cd0768` (`first`, `last`);
CREATE INDEX `idx_people_last_63909d` ON `people` (`last`, `city`);
CREATE INDEX `idx_people_nation_6940e8` ON `people` (`nation`);
