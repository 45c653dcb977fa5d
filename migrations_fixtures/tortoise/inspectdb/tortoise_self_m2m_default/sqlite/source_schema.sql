CREATE TABLE IF NOT EXISTS "label" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL UNIQUE
);
CREATE TABLE sqlite_sequence(name,seq);
CREATE TABLE IF NOT EXISTS "nodes" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL
);
CREATE TABLE IF NOT EXISTS "label_related" (
    "label_rel_id" INT NOT NULL REFERENCES "label" ("id") ON DELETE CASCADE,
    "label_id" INT NOT NULL REFERENCES "label" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "uidx_label_relat_label_r_cc94a0" ON "label_related" ("label_rel_id", "label_id");
CREATE TABLE IF NOT EXISTS "node_links" (
    "nodes_id" INT NOT NULL REFERENCES "nodes" ("id") ON DELETE CASCADE,
    "node_id" INT NOT NULL REFERENCES "nodes" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "uidx_node_links_nodes_i_09a165" ON "node_links" ("nodes_id", "node_id");
