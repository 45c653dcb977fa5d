ALTER TABLE "product" DROP CONSTRAINT "fk_product_shop_6b5a33a6";
ALTER TABLE "shop_product" DROP CONSTRAINT "fk_shop_pro_shop_d9892b2f";
ALTER TABLE "shop_product" DROP CONSTRAINT "fk_shop_pro_product_9692cea3";
DROP INDEX "uidx_shop_produc_shop_id_33cd16";
DROP TABLE "old_things";
ALTER TABLE "note" RENAME TO "memo";
ALTER TABLE "shop" RENAME TO "stores";
ALTER TABLE "shop_product" RENAME TO "stores_product";
ALTER TABLE "stores_product" RENAME COLUMN "shop_id" TO "stores_id";
ALTER TABLE "stores_product" RENAME COLUMN "product_id" TO "article_id";
CREATE TABLE "categories" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(50) NOT NULL
);
ALTER TABLE "product" ADD COLUMN "category_id" INT;
CREATE UNIQUE INDEX "uidx_stores_prod_stores__362586" ON "stores_product" ("stores_id", "article_id");
ALTER TABLE "product" ADD CONSTRAINT "fk_product_categori_f9394620" FOREIGN KEY ("category_id") REFERENCES "categories" ("id") ON DELETE SET NULL;
ALTER TABLE "product" ADD CONSTRAINT "fk_product_stores_e25d64d4" FOREIGN KEY ("shop_id") REFERENCES "stores" ("id") ON DELETE CASCADE;
ALTER TABLE "stores_product" ADD CONSTRAINT "fk_stores_p_stores_544e64d9" FOREIGN KEY ("stores_id") REFERENCES "stores" ("id") ON DELETE CASCADE;
ALTER TABLE "stores_product" ADD CONSTRAINT "fk_stores_p_product_eeacf40b" FOREIGN KEY ("article_id") REFERENCES "product" ("id") ON DELETE CASCADE;
