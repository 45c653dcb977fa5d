ALTER TABLE "gadgets" DROP COLUMN "serial";
ALTER TABLE "gadgets" DROP COLUMN "weight";
ALTER TABLE "gadgets" DROP COLUMN "price";
ALTER TABLE "gadgets" DROP COLUMN "active";
