ALTER TABLE "gadgets" ADD COLUMN "note" VARCHAR(100);
COMMENT ON COLUMN "gadgets"."note" IS 'Buyer''s "note": C:\temp\new
second line\';
ALTER TABLE "gadgets" ADD COLUMN "code" VARCHAR(10) NOT NULL DEFAULT '';
COMMENT ON COLUMN "gadgets"."code" IS 'part''s code';
ALTER TABLE "gadgets" ALTER COLUMN "code" DROP DEFAULT;
