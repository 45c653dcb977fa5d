from tortoise import BaseDBAsyncClient


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "products" ADD "note" VARCHAR(100)  /* Buyer's "note": C:\\path\\file\nsecond line */;
        ALTER TABLE "products" ADD "weight" VARCHAR(40) NOT NULL DEFAULT 0;
        CREATE TABLE IF NOT EXISTS "reviews" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "rating" SMALLINT NOT NULL DEFAULT 5,
    "body" TEXT,
    "product_id" INT NOT NULL REFERENCES "products" ("id") ON DELETE CASCADE
);
        ALTER TABLE "users" ADD "score" INT NOT NULL DEFAULT 0 /* loyalty points */;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "products" DROP COLUMN "note";
        ALTER TABLE "products" DROP COLUMN "weight";
        ALTER TABLE "users" DROP COLUMN "score";
        DROP TABLE IF EXISTS "reviews";"""
