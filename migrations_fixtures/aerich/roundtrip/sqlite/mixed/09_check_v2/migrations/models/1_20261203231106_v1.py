from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE "reviews" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "rating" SMALLINT NOT NULL DEFAULT 5,
    "body" TEXT,
    "product_id" INT NOT NULL CONSTRAINT "fk_reviews_products_9251a0c3" REFERENCES "products" ("id") ON DELETE CASCADE
);
ALTER TABLE "products" ADD COLUMN "note" VARCHAR(100) /* Buyer's "note": C:\\path\\file
second line */;
ALTER TABLE "products" ADD COLUMN "weight" VARCHAR(40) NOT NULL DEFAULT 0;
ALTER TABLE "users" ADD COLUMN "score" INT NOT NULL DEFAULT 0 /* loyalty points */;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "users" DROP COLUMN "score";
ALTER TABLE "products" DROP COLUMN "weight";
ALTER TABLE "products" DROP COLUMN "note";
DROP TABLE "reviews";"""


MODELS_STATE = (
    "eJztW21T2zgQ/isZfzmYyTEQSGH6LQnhmmkgnRDuOiUdj7CF48GRgi0XPB3++0nyuy27Nn"
    "FeSPylJatdW3q0Wj27kn9Lc6xCwzrqAQI1bDrS58ZvCYE5pH+k2poNCSwWYQsTEPBgcGXF"
    "1dIhF4MHi5hAIbTlERgWpCIVWoqpL4iOEZUi2zCYECtUUUdaKLKR/mxDmWANkhk0acP9Ty"
    "rWkQpf6cO9n4sn+VGHhhrrsK6yd3O5TJwFlw0QueKK7G0PsoINe45C5YVDZhgF2joiTKpB"
    "BE06IPZ4Ytqs+6x33lj9Ebk9DVXcLkZsVPgIbINEhlsQAwUjhh/tjcUHqLG3/N06OTs/uz"
    "j9dHZBVXhPAsn5mzu8cOyuIUfgZiK98XZAgKvBYQxxU0zIBisDksbvkrYQfQ7FIMYtE2Cq"
    "numR/0cSWh/IPGx9QQhu6FAVoUvHoI6Q4XgTlwPlZHDdv510rr+xkcwt69ngEHUmfdbS4l"
    "InIT34dMjkmC4Hd6UED2n8N5h8abCfjR+jmz5HEFtEM/kbQ73JD4n1CdgEywi/yECN+Jgv"
    "9YGhmuHE2gv1nRMbt6wndqMT63U+nFf+f2pGezNgimfT10/MIwVrS2duDl5lAyKNzOjPk+"
    "PjnKn7tzPufemMD6jWIY9zIUyWYWtlYPL1q4Fp5btCNSAtgAkRkUvtnTGbP2+hArQ8LNbp"
    "UxVsoox5PD4J91AXkjSGV9iEuoa+QodDOaB9AkgRrUYB3do6EN98T/ClYS9M8BJQsriD0D"
    "HSkUHCR3nbnzRu7oZDiYP5AJSnF2Cqcgaqykw3VPqoNK5dz/Lq6xgagI9jtyCNL1ITq7ZC"
    "rOVw+OY+ZTtjfiYOzE9wC0f8I+Y56aZ5a56UAAQ03mv2bvYmD5GRqfIUI5X0uA3NvIwHM5"
    "U626mznZoU19lOPbGry3YoYyK2YOvLIfKBxfoyHgnBF6kqNt8qQuZbKS5PMAGGwPmhos+B"
    "IcYqsEm6vWt05BmvCrbjpRmDCKLLfm9w3RkenLSaLe631Jt1l4D66J2l0LMtaJbLgyIW78"
    "qCNhEmVpsGMUQqSILuvMdsH35FM6CIa8Tyn17ntte57BdLfwwdwSU5PyeyQ/qcjwXn6lk/"
    "xySL+fuA/YH9y8EE1SnAtgWpvBTg2QaI6MQpgV7UZJ9ifWyDRDqRF6auCIrPuRwjbrgZol"
    "FJnMrlGscluIYbPkqt36jJvnqgVwcrWa2OGe0TdDlEDfsFriWZWlAo2z4Ei1K16MISczWB"
    "C1YA3YcsxybBiy+uGHxjmvePB71JHtddJc3z8RWQvAj02RQvWnSv+d22xbY8fleXeHeiEl"
    "iXeHd0Yvf8Qkur3S5S3m23k1lD9O0ptCbwNWNnSJi9C7SNHYwLvbv/fRJz7BsftOvO98OY"
    "cw9HN//46qFn3/SGo24qtyif2NY5beycBitPJQhLoL++lGyJ04aqU1mESbmQ5+lvdvVKXd"
    "uB5l9WY8o7NKWi3ufpdAHIbDp91A04RRakyKkNwyuhru0i2wvNvmYiXpC3gEOjXTz+umie"
    "Fl693gV+p1xtJWFVF1diWFZQJChxd22LqwQJN3n/iVji2GX/zsWiS9aEv3T4siQQY/6QD4"
    "bCkmWjyI0JoAnwuwbImWD2b8FVOgHax0Kw6XVdThTGvIGYzG1otiy8f4pNDvITdDwEvVUd"
    "wO+1+EZeM5mZ2NZmkRbZR18YD6hcTgH6llvx83xZUPALvTy73hdZTnW5b9t222ZOuY8Olb"
    "0+hd0tJW5GJoCh1fpYS3tpEE9b558C/NiPPOhuKQkcplOPB6wKqEl2/cDXrwsHGYWD+lCy"
    "oo9o6rO1gmdrBUjzKo/WGE0Q7LIee8jeYv0Nv95ft21V5u2vm63Or/c7ynaR6lObV09SgW"
    "xla7HIh2Clc5aPGiKFeUtkMMncJUjx4nlLIjtJJi9hWrNs3hIkrJnRlN92FoRT/xZ0djxl"
    "t4xXH1DvJTgHOq+B6pZM36L/ghLVuZdMTPvxsw64FQfc+v7CThxz1/cXdnRiU5VYFofLsq"
    "SozY4zpShUwVZSFKfAYM8ue/C9tQROvv4aP3lUbIvguUtSNvndY8hKUnh1MYUFoAzKEbVL"
    "4PZADVcFXLAuq65vdUejYSxidgfJAtbddbc/PjhJnAuni4SWgk0Bntm3OXz9Td7mkAzsAI"
    "M4jQXmaK2NzZXIBROHmVWcY25nHFzjt31v/wP0GxUk"
)
