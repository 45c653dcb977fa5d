COMMENT ON COLUMN "memo"."body" IS NULL;
COMMENT ON COLUMN "stores"."name" IS 'the store''s name';
COMMENT ON COLUMN "product"."title" IS 'the title';
COMMENT ON TABLE "categories" IS 'product categories';
COMMENT ON TABLE "memo" IS NULL;
COMMENT ON TABLE "stores" IS 'stores of the world';
