COMMENT ON TABLE "stores" IS 'shops of the world';
COMMENT ON TABLE "memo" IS 'the notes'' table';
COMMENT ON TABLE "categories" IS NULL;
COMMENT ON COLUMN "product"."title" IS NULL;
COMMENT ON COLUMN "stores"."name" IS 'the shop''s name';
COMMENT ON COLUMN "memo"."body" IS 'note text';
