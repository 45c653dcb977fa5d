ALTER TABLE "items" ADD COLUMN "legacy" VARCHAR(20);
ALTER TABLE "items" DROP COLUMN "rank";
ALTER TABLE "items" DROP COLUMN "email";
ALTER TABLE "items" RENAME COLUMN "quantity" TO "qty";
