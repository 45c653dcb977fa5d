CREATE TABLE IF NOT EXISTS "gadgets" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(30) NOT NULL,
    "serial" VARCHAR(20) NOT NULL,
    "weight" INT NOT NULL,
    "price" DECIMAL(6,2) NOT NULL,
    "active" BOOL NOT NULL
);
