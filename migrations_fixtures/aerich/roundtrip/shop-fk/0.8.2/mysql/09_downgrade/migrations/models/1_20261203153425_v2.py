from tortoise import BaseDBAsyncClient


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE `categories` DROP FOREIGN KEY `fk_categori_categori_56c95ac7`;
        ALTER TABLE `categories` DROP COLUMN `parent_id`;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE `categories` ADD `parent_id` INT;
        ALTER TABLE `categories` ADD CONSTRAINT `fk_categori_categori_56c95ac7` FOREIGN KEY (`parent_id`) REFERENCES `categories` (`id`) ON DELETE SET NULL;"""
