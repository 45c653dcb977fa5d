ALTER TABLE "node_links" DROP CONSTRAINT "fk_node_lin_nodes_5684880a";
ALTER TABLE "node_links" DROP CONSTRAINT "fk_node_lin_nodes_047cc3a8";
DROP INDEX "uidx_node_links_from_no_6acb74";
ALTER TABLE "node_links" RENAME TO "node_edges";
ALTER TABLE "label" ALTER COLUMN "name" TYPE VARCHAR(80) USING "name"::VARCHAR(80);
CREATE UNIQUE INDEX "uidx_node_edges_from_no_25deb5" ON "node_edges" ("from_node_id", "to_node_id");
ALTER TABLE "node_edges" ADD CONSTRAINT "fk_node_edg_nodes_b6b992b3" FOREIGN KEY ("from_node_id") REFERENCES "nodes" ("id") ON DELETE CASCADE;
ALTER TABLE "node_edges" ADD CONSTRAINT "fk_node_edg_nodes_ecfb92d3" FOREIGN KEY ("to_node_id") REFERENCES "nodes" ("id") ON DELETE CASCADE;
