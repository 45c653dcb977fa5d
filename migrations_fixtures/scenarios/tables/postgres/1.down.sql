DO $testudo$
DECLARE
  constraint_name text;
BEGIN
  SELECT c.conname INTO constraint_name FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
   WHERE c.conrelid = '"stores_product"'::regclass AND c.contype = 'f' AND cardinality(c.conkey) = 1 AND a.attname = 'article_id'
   ORDER BY c.conname = 'fk_stores_p_product_eeacf40b' DESC, c.conname LIMIT 1;
  IF constraint_name IS NULL THEN
    RAISE EXCEPTION 'table % has no foreign key on column %', 'stores_product', 'article_id';
  END IF;
  EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'stores_product', constraint_name);
END
$testudo$;
DO $testudo$
DECLARE
  constraint_name text;
BEGIN
  SELECT c.conname INTO constraint_name FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
   WHERE c.conrelid = '"stores_product"'::regclass AND c.contype = 'f' AND cardinality(c.conkey) = 1 AND a.attname = 'stores_id'
   ORDER BY c.conname = 'fk_stores_p_stores_544e64d9' DESC, c.conname LIMIT 1;
  IF constraint_name IS NULL THEN
    RAISE EXCEPTION 'table % has no foreign key on column %', 'stores_product', 'stores_id';
  END IF;
  EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'stores_product', constraint_name);
END
$testudo$;
DO $testudo$
DECLARE
  constraint_name text;
BEGIN
  SELECT c.conname INTO constraint_name FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
   WHERE c.conrelid = '"product"'::regclass AND c.contype = 'f' AND cardinality(c.conkey) = 1 AND a.attname = 'shop_id'
   ORDER BY c.conname = 'fk_product_stores_e25d64d4' DESC, c.conname LIMIT 1;
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
   WHERE c.conrelid = '"product"'::regclass AND c.contype = 'f' AND cardinality(c.conkey) = 1 AND a.attname = 'category_id'
   ORDER BY c.conname = 'fk_product_categori_f9394620' DESC, c.conname LIMIT 1;
  IF constraint_name IS NULL THEN
    RAISE EXCEPTION 'table % has no foreign key on column %', 'product', 'category_id';
  END IF;
  EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'product', constraint_name);
END
$testudo$;
DROP INDEX "uidx_stores_prod_stores__362586";
ALTER TABLE "product" DROP COLUMN "category_id";
DROP TABLE "categories";
ALTER TABLE "stores_product" RENAME COLUMN "article_id" TO "product_id";
ALTER TABLE "stores_product" RENAME COLUMN "stores_id" TO "shop_id";
ALTER TABLE "stores_product" RENAME TO "shop_product";
ALTER TABLE "stores" RENAME TO "shop";
ALTER TABLE "memo" RENAME TO "note";
CREATE TABLE "old_things" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "x" INT NOT NULL,
    "shop_id" INT NOT NULL CONSTRAINT "fk_old_thin_shop_ce928685" REFERENCES "shop" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "uidx_shop_produc_shop_id_33cd16" ON "shop_product" ("shop_id", "product_id");
ALTER TABLE "shop_product" ADD CONSTRAINT "fk_shop_pro_product_9692cea3" FOREIGN KEY ("product_id") REFERENCES "product" ("id") ON DELETE CASCADE;
ALTER TABLE "shop_product" ADD CONSTRAINT "fk_shop_pro_shop_d9892b2f" FOREIGN KEY ("shop_id") REFERENCES "shop" ("id") ON DELETE CASCADE;
ALTER TABLE "product" ADD CONSTRAINT "fk_product_shop_6b5a33a6" FOREIGN KEY ("shop_id") REFERENCES "shop" ("id") ON DELETE CASCADE;
