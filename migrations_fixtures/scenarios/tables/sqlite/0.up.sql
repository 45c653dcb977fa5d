CREATE TABLE IF NOT EXISTS "note" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "body" VARCHAR(200) NOT NULL /* note text */
) /* the notes' table */;
CREATE TABLE IF NOT EXISTS "shop" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL /* the shop's name */
) /* shops of the world */;
CREATE TABLE IF NOT EXISTS "old_things" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "x" INT NOT NULL,
    "shop_id" INT NOT NULL CONSTRAINT "fk_old_thin_shop_ce928685" REFERENCES "shop" ("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "product" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "title" VARCHAR(50) NOT NULL,
    "shop_id" INT NOT NULL CONSTRAINT "fk_product_shop_6b5a33a6" REFERENCES "shop" ("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "shop_product" (
    "shop_id" INT NOT NULL CONSTRAINT "fk_shop_pro_shop_d9892b2f" REFERENCES "shop" ("id") ON DELETE CASCADE,
    "product_id" INT NOT NULL CONSTRAINT "fk_shop_pro_product_9692cea3" REFERENCES "product" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX IF NOT EXISTS "uidx_shop_produc_shop_id_33cd16" ON "shop_product" ("shop_id", "product_id");
