CREATE TABLE IF NOT EXISTS "labels" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL UNIQUE
);
CREATE TABLE sqlite_sequence(name,seq);
CREATE TABLE IF NOT EXISTS "label_links" (
    "from_label_id" INT NOT NULL REFERENCES "labels" ("id") ON DELETE CASCADE,
    "to_label_id" INT NOT NULL REFERENCES "labels" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "uidx_label_links_from_la_3218d7" ON "label_links" ("from_label_id", "to_label_id");
