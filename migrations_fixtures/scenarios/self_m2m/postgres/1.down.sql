ALTER TABLE "node_edges" DROP CONSTRAINT "fk_node_edg_nodes_ecfb92d3";
ALTER TABLE "node_edges" DROP CONSTRAINT "fk_node_edg_nodes_b6b992b3";
DROP INDEX "uidx_node_edges_from_no_25deb5";
ALTER TABLE "label" ALTER COLUMN "name" TYPE VARCHAR(50) USING "name"::VARCHAR(50);
ALTER TABLE "node_edges" RENAME TO "node_links";
CREATE UNIQUE INDEX "uidx_node_links_from_no_6acb74" ON "node_links" ("from_node_id", "to_node_id");
ALTER TABLE "node_links" ADD CONSTRAINT "fk_node_lin_nodes_047cc3a8" FOREIGN KEY ("to_node_id") REFERENCES "nodes" ("id") ON DELETE CASCADE;
ALTER TABLE "node_links" ADD CONSTRAINT "fk_node_lin_nodes_5684880a" FOREIGN KEY ("from_node_id") REFERENCES "nodes" ("id") ON DELETE CASCADE;
