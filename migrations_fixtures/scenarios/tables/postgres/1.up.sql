DO $testudo$
DECLARE
  constraint_name text;
BEGIN
  SELECT c.conname INTO constraint_name FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
   WHERE c.conrelid = '"product"'::regclass AND c.contype = 'f' AND cardinality(c.conkey) = 1 AND a.attname = 'shop_id'
   ORDER BY c.conname = 'fk_product_shop_6b5a33a6' DESC, c.conname LIMIT 1;
  IF constraint_name IS NULL THEN
    RAISE EXCEPTION 'table % has no foreign key on column %', 'product', 'shop_id';
  END IF;
  EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'product', constraint_name);
END
$testudo$;
DO $testudo$
DECLARE
  constraint_name text;
BEGIN
  SELECT c.conname INTO constraint_name FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
   WHERE c.conrelid = '"shop_product"'::regclass AND c.contype = 'f' AND cardinality(c.conkey) = 1 AND a.attname = 'shop_id'
   ORDER BY c.conname = 'fk_shop_pro_shop_d9892b2f' DESC, c.conname LIMIT 1;
  IF constraint_name IS NULL THEN
    RAISE EXCEPTION 'table % has no foreign key on column %', 'shop_product', 'shop_id';
  END IF;
  EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'shop_product', constraint_name);
END
$testudo$;
DO $testudo$
DECLARE
  constraint_name text;
BEGIN
  SELECT c.conname INTO constraint_name FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
   WHERE c.conrelid = '"shop_product"'::regclass AND c.contype = 'f' AND cardinality(c.conkey) = 1 AND a.attname = 'product_id'
   ORDER BY c.conname = 'fk_shop_pro_product_9692cea3' DESC, c.conname LIMIT 1;
  IF constraint_name IS NULL THEN
    RAISE EXCEPTION 'table % has no foreign key on column %', 'shop_product', 'product_id';
  END IF;
  EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'shop_product', constraint_name);
END
$testudo$;
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
