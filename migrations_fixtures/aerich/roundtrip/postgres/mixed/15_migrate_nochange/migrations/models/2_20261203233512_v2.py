from tortoise import BaseDBAsyncClient


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "products" DROP COLUMN "description";
        ALTER TABLE "tags" ADD "color" VARCHAR(7) NOT NULL DEFAULT '#000000';
        CREATE TABLE "user_favourites" (
    "product_id" INT NOT NULL REFERENCES "products" ("id") ON DELETE CASCADE,
    "users_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
        CREATE INDEX IF NOT EXISTS "idx_products_name_f14c8b" ON "products" ("name", "stock");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_products_name_f14c8b";
        DROP TABLE IF EXISTS "user_favourites";
        ALTER TABLE "tags" DROP COLUMN "color";
        ALTER TABLE "products" ADD "description" TEXT;"""
