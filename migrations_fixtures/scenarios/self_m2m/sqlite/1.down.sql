CREATE TEMP TABLE "_testudo_foreign_keys_off" ("broken_references" INT CONSTRAINT "rows point at no row (PRAGMA foreign_key_check lists them): fix them first" CHECK ("broken_references" = 0), "foreign_keys" INT CONSTRAINT "foreign_keys must be OFF to rebuild a table that foreign keys point at: run PRAGMA foreign_keys = OFF outside a transaction first (testudo upgrade does)" CHECK ("foreign_keys" = 0));
INSERT INTO "_testudo_foreign_keys_off" ("broken_references") SELECT count(*) FROM pragma_foreign_key_check;
PRAGMA foreign_keys = OFF;
INSERT INTO "_testudo_foreign_keys_off" ("foreign_keys") SELECT "foreign_keys" FROM pragma_foreign_keys;
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
PRAGMA foreign_keys = ON;
CREATE TEMP TABLE "_testudo_foreign_key_check" ("broken_references" INT CONSTRAINT "this migration left rows that point at no row (PRAGMA foreign_key_check lists them)" CHECK ("broken_references" = 0));
INSERT INTO "_testudo_foreign_key_check" ("broken_references") SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE "_testudo_foreign_key_check";
