DROP TABLE "node_links";
DROP TABLE "label_related";
DROP TABLE "nodes";
DROP TABLE "label";
