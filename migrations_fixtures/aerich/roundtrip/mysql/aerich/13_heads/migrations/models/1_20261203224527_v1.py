from tortoise import BaseDBAsyncClient


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE `products` ADD `note` VARCHAR(100)  COMMENT 'Buyer \"note\":\nsecond line';
        ALTER TABLE `products` ADD `weight` DECIMAL(8,3) NOT NULL DEFAULT 0;
        CREATE TABLE IF NOT EXISTS `reviews` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `rating` SMALLINT NOT NULL DEFAULT 5,
    `body` LONGTEXT,
    `product_id` INT NOT NULL,
    CONSTRAINT `fk_reviews_products_9251a0c3` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4;
        ALTER TABLE `users` ADD `score` INT NOT NULL COMMENT 'loyalty points' DEFAULT 0;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE `products` DROP COLUMN `note`;
        ALTER TABLE `products` DROP COLUMN `weight`;
        ALTER TABLE `users` DROP COLUMN `score`;
        DROP TABLE IF EXISTS `reviews`;"""
