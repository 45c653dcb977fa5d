from tortoise import BaseDBAsyncClient


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "products" ADD "note" VARCHAR(100);
        ALTER TABLE "products" ADD "weight" DECIMAL(8,3) NOT NULL DEFAULT 0;
        CREATE TABLE IF NOT EXISTS "reviews" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "rating" SMALLINT NOT NULL DEFAULT 5,
    "body" TEXT,
    "product_id" INT NOT NULL REFERENCES "products" ("id") ON DELETE CASCADE
);
COMMENT ON COLUMN "products"."note" IS 'Buyer''s \"note\": C:\\path\\file\nsecond line';
        ALTER TABLE "users" ADD "score" INT NOT NULL DEFAULT 0;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "users" DROP COLUMN "score";
        ALTER TABLE "products" DROP COLUMN "note";
        ALTER TABLE "products" DROP COLUMN "weight";
        DROP TABLE IF EXISTS "reviews";"""
