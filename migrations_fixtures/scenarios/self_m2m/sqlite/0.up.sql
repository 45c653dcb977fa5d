CREATE TABLE IF NOT EXISTS "label" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS "nodes" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL
);
CREATE TABLE IF NOT EXISTS "label_related" (
    "label_rel_id" INT NOT NULL CONSTRAINT "fk_label_re_label_d3e1b4f3" REFERENCES "label" ("id") ON DELETE CASCADE,
    "label_id" INT NOT NULL CONSTRAINT "fk_label_re_label_184ae85d" REFERENCES "label" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX IF NOT EXISTS "uidx_label_relat_label_r_cc94a0" ON "label_related" ("label_rel_id", "label_id");
CREATE TABLE IF NOT EXISTS "node_links" (
    "from_node_id" INT NOT NULL CONSTRAINT "fk_node_lin_nodes_5684880a" REFERENCES "nodes" ("id") ON DELETE CASCADE,
    "to_node_id" INT NOT NULL CONSTRAINT "fk_node_lin_nodes_047cc3a8" REFERENCES "nodes" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX IF NOT EXISTS "uidx_node_links_from_no_6acb74" ON "node_links" ("from_node_id", "to_node_id");
