CREATE TABLE IF NOT EXISTS "note" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "body" VARCHAR(200) NOT NULL
);
COMMENT ON TABLE "note" IS 'the notes'' table';
COMMENT ON COLUMN "note"."body" IS 'note text';
CREATE TABLE IF NOT EXISTS "shop" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(50) NOT NULL
);
COMMENT ON TABLE "shop" IS 'shops of the world';
COMMENT ON COLUMN "shop"."name" IS 'the shop''s name';
CREATE TABLE IF NOT EXISTS "old_things" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "x" INT NOT NULL,
    "shop_id" INT NOT NULL CONSTRAINT "fk_old_thin_shop_ce928685" REFERENCES "shop" ("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "product" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "title" VARCHAR(50) NOT NULL,
    "shop_id" INT NOT NULL CONSTRAINT "fk_product_shop_6b5a33a6" REFERENCES "shop" ("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "shop_product" (
    "shop_id" INT NOT NULL CONSTRAINT "fk_shop_pro_shop_d9892b2f" REFERENCES "shop" ("id") ON DELETE CASCADE,
    "product_id" INT NOT NULL CONSTRAINT "fk_shop_pro_product_9692cea3" REFERENCES "product" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX IF NOT EXISTS "uidx_shop_produc_shop_id_33cd16" ON "shop_product" ("shop_id", "product_id");
