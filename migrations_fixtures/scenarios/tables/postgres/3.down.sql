DO $testudo$
DECLARE
  constraint_name text;
BEGIN
  SELECT c.conname INTO constraint_name FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
   WHERE c.conrelid = '"stores_articles"'::regclass AND c.contype = 'f' AND cardinality(c.conkey) = 1 AND a.attname = 'article_id'
   ORDER BY c.conname = 'fk_stores_a_articles_43ad5457' DESC, c.conname LIMIT 1;
  IF constraint_name IS NULL THEN
    RAISE EXCEPTION 'table % has no foreign key on column %', 'stores_articles', 'article_id';
  END IF;
  EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'stores_articles', constraint_name);
END
$testudo$;
DO $testudo$
DECLARE
  constraint_name text;
BEGIN
  SELECT c.conname INTO constraint_name FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
   WHERE c.conrelid = '"stores_articles"'::regclass AND c.contype = 'f' AND cardinality(c.conkey) = 1 AND a.attname = 'stores_id'
   ORDER BY c.conname = 'fk_stores_a_stores_72a492db' DESC, c.conname LIMIT 1;
  IF constraint_name IS NULL THEN
    RAISE EXCEPTION 'table % has no foreign key on column %', 'stores_articles', 'stores_id';
  END IF;
  EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'stores_articles', constraint_name);
END
$testudo$;
DO $testudo$
DECLARE
  constraint_name text;
BEGIN
  SELECT c.conname INTO constraint_name FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
   WHERE c.conrelid = '"articles"'::regclass AND c.contype = 'f' AND cardinality(c.conkey) = 1 AND a.attname = 'shop_id'
   ORDER BY c.conname = 'fk_articles_stores_23010507' DESC, c.conname LIMIT 1;
  IF constraint_name IS NULL THEN
    RAISE EXCEPTION 'table % has no foreign key on column %', 'articles', 'shop_id';
  END IF;
  EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'articles', constraint_name);
END
$testudo$;
DROP INDEX "uidx_stores_arti_stores__c86227";
ALTER TABLE "articles" ADD COLUMN "category_id" INT;
ALTER TABLE "messages" RENAME COLUMN "text" TO "body";
ALTER TABLE "stores_articles" RENAME TO "stores_product";
ALTER TABLE "articles" RENAME TO "product";
ALTER TABLE "messages" RENAME TO "memo";
CREATE TABLE "categories" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(50) NOT NULL
);
COMMENT ON TABLE "categories" IS 'product categories';
CREATE UNIQUE INDEX "uidx_stores_prod_stores__362586" ON "stores_product" ("stores_id", "article_id");
ALTER TABLE "stores_product" ADD CONSTRAINT "fk_stores_p_product_eeacf40b" FOREIGN KEY ("article_id") REFERENCES "product" ("id") ON DELETE CASCADE;
ALTER TABLE "stores_product" ADD CONSTRAINT "fk_stores_p_stores_544e64d9" FOREIGN KEY ("stores_id") REFERENCES "stores" ("id") ON DELETE CASCADE;
ALTER TABLE "product" ADD CONSTRAINT "fk_product_stores_e25d64d4" FOREIGN KEY ("shop_id") REFERENCES "stores" ("id") ON DELETE CASCADE;
ALTER TABLE "product" ADD CONSTRAINT "fk_product_categori_f9394620" FOREIGN KEY ("category_id") REFERENCES "categories" ("id") ON DELETE SET NULL;
