CREATE TABLE IF NOT EXISTS "items" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(50) NOT NULL,
    "qty" INT NOT NULL,
    "price" DECIMAL(5,2) NOT NULL,
    "note" VARCHAR(100),
    "legacy" VARCHAR(20),
    "flag" BOOL NOT NULL DEFAULT FALSE,
    "size" INT NOT NULL DEFAULT 1,
    "label" VARCHAR(30) NOT NULL DEFAULT 'plain'
);
CREATE TABLE IF NOT EXISTS "boxes" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "weight" INT NOT NULL,
    "item_id" INT NOT NULL CONSTRAINT "fk_boxes_items_b5b47802" REFERENCES "items" ("id") ON DELETE CASCADE
);
