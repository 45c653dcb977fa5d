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
   WHERE c.conrelid = '"stores_product"'::regclass AND c.contype = 'f' AND cardinality(c.conkey) = 1 AND a.attname = 'article_id'
   ORDER BY c.conname = 'fk_stores_p_product_eeacf40b' DESC, c.conname LIMIT 1;
  IF constraint_name IS NULL THEN
    RAISE EXCEPTION 'table % has no foreign key on column %', 'stores_product', 'article_id';
  END IF;
  EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'stores_product', constraint_name);
END
$testudo$;
DROP INDEX "uidx_stores_prod_stores__362586";
DROP TABLE "categories";
ALTER TABLE "memo" RENAME TO "messages";
ALTER TABLE "product" RENAME TO "articles";
ALTER TABLE "stores_product" RENAME TO "stores_articles";
ALTER TABLE "messages" RENAME COLUMN "body" TO "text";
ALTER TABLE "articles" DROP COLUMN "category_id";
CREATE UNIQUE INDEX "uidx_stores_arti_stores__c86227" ON "stores_articles" ("stores_id", "article_id");
ALTER TABLE "articles" ADD CONSTRAINT "fk_articles_stores_23010507" FOREIGN KEY ("shop_id") REFERENCES "stores" ("id") ON DELETE CASCADE;
ALTER TABLE "stores_articles" ADD CONSTRAINT "fk_stores_a_stores_72a492db" FOREIGN KEY ("stores_id") REFERENCES "stores" ("id") ON DELETE CASCADE;
ALTER TABLE "stores_articles" ADD CONSTRAINT "fk_stores_a_articles_43ad5457" FOREIGN KEY ("article_id") REFERENCES "articles" ("id") ON DELETE CASCADE;
