PRAGMA foreign_keys = OFF;
CREATE TEMP TABLE "_testudo_foreign_keys_off" ("foreign_keys" INT CONSTRAINT "foreign_keys must be OFF to rebuild a table that foreign keys point at: run PRAGMA foreign_keys = OFF outside a transaction first (testudo upgrade does)" CHECK ("foreign_keys" = 0));
INSERT INTO "_testudo_foreign_keys_off" SELECT "foreign_keys" FROM pragma_foreign_keys;
DROP TABLE "_testudo_foreign_keys_off";
CREATE TABLE "_testudo_rebuild_node_edges" (
    "from_node_id" INT NOT NULL CONSTRAINT "fk_node_lin_nodes_5684880a" REFERENCES "nodes" ("id") ON DELETE CASCADE,
    "to_node_id" INT NOT NULL CONSTRAINT "fk_node_lin_nodes_047cc3a8" REFERENCES "nodes" ("id") ON DELETE CASCADE
);
INSERT INTO "_testudo_rebuild_node_edges" ("from_node_id", "to_node_id") SELECT "from_node_id", "to_node_id" FROM "node_edges";
DROP TABLE "node_edges";
ALTER TABLE "_testudo_rebuild_node_edges" RENAME TO "node_edges";
CREATE UNIQUE INDEX "uidx_node_links_from_no_6acb74" ON "node_edges" ("from_node_id", "to_node_id");
CREATE TABLE "_testudo_rebuild_label" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL UNIQUE
);
INSERT INTO "_testudo_rebuild_label" ("id", "name") SELECT "id", "name" FROM "label";
DROP TABLE "label";
ALTER TABLE "_testudo_rebuild_label" RENAME TO "label";
ALTER TABLE "node_edges" RENAME TO "node_links";
