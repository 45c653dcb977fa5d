DO $testudo$
DECLARE
  constraint_name text;
BEGIN
  SELECT c.conname INTO constraint_name FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
   WHERE c.conrelid = '"node_links"'::regclass AND c.contype = 'f' AND cardinality(c.conkey) = 1 AND a.attname = 'from_node_id'
   ORDER BY c.conname = 'fk_node_lin_nodes_5684880a' DESC, c.conname LIMIT 1;
  IF constraint_name IS NULL THEN
    RAISE EXCEPTION 'table % has no foreign key on column %', 'node_links', 'from_node_id';
  END IF;
  EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'node_links', constraint_name);
END
$testudo$;
DO $testudo$
DECLARE
  constraint_name text;
BEGIN
  SELECT c.conname INTO constraint_name FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
   WHERE c.conrelid = '"node_links"'::regclass AND c.contype = 'f' AND cardinality(c.conkey) = 1 AND a.attname = 'to_node_id'
   ORDER BY c.conname = 'fk_node_lin_nodes_047cc3a8' DESC, c.conname LIMIT 1;
  IF constraint_name IS NULL THEN
    RAISE EXCEPTION 'table % has no foreign key on column %', 'node_links', 'to_node_id';
  END IF;
  EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'node_links', constraint_name);
END
$testudo$;
DROP INDEX "uidx_node_links_from_no_6acb74";
ALTER TABLE "node_links" RENAME TO "node_edges";
ALTER TABLE "label" ALTER COLUMN "name" TYPE VARCHAR(80) USING "name"::VARCHAR(80);
CREATE UNIQUE INDEX "uidx_node_edges_from_no_25deb5" ON "node_edges" ("from_node_id", "to_node_id");
ALTER TABLE "node_edges" ADD CONSTRAINT "fk_node_edg_nodes_b6b992b3" FOREIGN KEY ("from_node_id") REFERENCES "nodes" ("id") ON DELETE CASCADE;
ALTER TABLE "node_edges" ADD CONSTRAINT "fk_node_edg_nodes_ecfb92d3" FOREIGN KEY ("to_node_id") REFERENCES "nodes" ("id") ON DELETE CASCADE;
