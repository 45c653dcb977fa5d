from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE "reviews" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "rating" SMALLINT NOT NULL DEFAULT 5,
    "body" TEXT,
    "product_id" INT NOT NULL CONSTRAINT "fk_reviews_products_9251a0c3" REFERENCES "products" ("id") ON DELETE CASCADE
);
ALTER TABLE "products" ADD COLUMN "note" VARCHAR(100);
COMMENT ON COLUMN "products"."note" IS 'Buyer''s "note": C:\\path\\file
second line';
ALTER TABLE "products" ADD COLUMN "weight" DECIMAL(8,3) NOT NULL DEFAULT 0;
ALTER TABLE "users" ADD COLUMN "score" INT NOT NULL DEFAULT 0;
COMMENT ON COLUMN "users"."score" IS 'loyalty points';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "users" DROP COLUMN "score";
ALTER TABLE "products" DROP COLUMN "weight";
ALTER TABLE "products" DROP COLUMN "note";
DROP TABLE "reviews";"""


MODELS_STATE = (
    "eJztXF1z2jgU/SuMXzaZYTsJDW2mb0Dpli2BDiG7nYaOR7EV0MRI1Jabejr575Xkb1t27W"
    "A+An5pi3SvLR1dSedcyf2lLIkODetVD1A4J6ajvGv8UjBYQvaPVF2zoYDVKqzhBRTcGcJY"
    "c60QFMXgzqIm0CiruQeGBVmRDi3NRCuKCGal2DYMXkg0ZojwPCyyMfpuQ5WSOaQLaLKK22"
    "+sGGEd/mQP936uHtR7BA091mCk83eLcpU6K1E2wPSDMORvu1M1YthLHBqvHLogOLBGmPLS"
    "OcTQZB3ij6emzZvPW+f11e+R29LQxG1ixEeH98A2aKS7BTHQCOb4sdZYooNz/pa/W+cXby"
    "8uX7+5uGQmoiVBydsnt3th311HgcBoqjyJekCBayFgDHHTTMg7qwKaxu89q6FoCeUgxj0T"
    "YOqe6yv/H0lofSDzsPULQnDDgKoIXdYHfYwNxxu4HCing6v+9bRz9Zn3ZGlZ3w0BUWfa5z"
    "UtUeokSk/enPJywqaDO1OChzT+H0w/NvjPxtfxqC8QJBadm+KNod30q8LbBGxKVEweVaBH"
    "Yswv9YFhluHA2iv9mQMb96wHdqcD6zU+HFfxd2pEewtgykfTt0+MIwNrT0duCX6qBsRzum"
    "A/z8/Ocobuv86k97EzOWFWp2KdC2GyDHteBibfvhqYNr4rVAPSCpgQU7XU3hnz+fMWKkHL"
    "w2KbMVXBJsqZx/2DdA91IUlj+IGYEM3xJ+gIKAesTQBrstkooVt7B+KTHwl+adgKEzwGlC"
    "weIKyPrGeQil5e96eN0c1wqAgw74D28AhMXc1AVVsgQ2ePSuPa9Tw/fJpAA4h+HBak8Ulq"
    "Et3WqLUeDp/dp+znmp+JA48T0iKR+IhFTrpq2VomSwAGc9Fq/m7+Jg+RsakLiZESPW5FM0"
    "/xEG5Sq51a7dSkuFY79cBuTu0wxkRtydaXQ+QDj+0pHgXDR6UqNt8qQuZbKS5PCQWGJPih"
    "hpbAkGMV+CTD3nV65TlvCraztRmDDKL3/d7gqjM8OW81WyJuWTQjl4D66F2k0LMtaJbTQR"
    "GPZ6mgXSwTm5VBHJEKRNCN95j9w6+oAoqERkz/9DrXvc77fjH5YyAM1+T8gsgO2XNeFpyb"
    "Z/0Ckyzm7wP2B/avBgNUS4B9W6TyJMB3G2CKqFMCvajLMa31sQ0SI6quTKRJks+5HCPuuB"
    "uiUck6lcs1zkpwDXf5KDV/oy7HGoFeHqxktjrmdEzQ5RA14ie41mRqQaJs/xAsStWiE0vO"
    "1SQhWAF0LzIdmwQvPrli8E2Y7p8MetM8rrtJmufjKyF5EeizKV406V7zu31b2/L4XZ3iPY"
    "hMYJ3iPdCBPfILLa12u0h6t91Oqobo21NoTeHPjJ0h4fYs0HZ2MC6N7v6XaSywRz5oV50v"
    "p7HgHo5H//jmYWSPesNxN6UtygvbWtPGzmmI9lCCsAT225Nka5w2VC1lMaHlljzPfrezV+"
    "naDjT/shoz0aAZK+q9m81WgC5ms3tkwBm2IENObxheCnVrF9kemfpayHhB3gQOnQ7x+Ouy"
    "+brw7PUu8DvlcisJrzq5EsOygiRBibtre5wlSITJ80/EEscux3cuFp2yJvyB4OOaQEzEQ1"
    "4YCmumjSI3JsBcgt8VwM6U8D8LztIpmL8sBJte09VEYszriMnDhqll6f1TYgqQH6DjIejN"
    "6gB+r8Z38qrpwiT2fBGpUX30pesBK1dTgD7lZvy8WJYk/MIoz873RaZTne7bt922mZPuY1"
    "3lr09hd82Im5EJYOi1PdbSXhvE1623bwL8+I886K4ZCRympccd0SXUJDt/4NvXiYOMxEF9"
    "KFnRRzT12VrBs7UCpHmTR2ucJkh2WY89ZG+x/oZf76/7Nivz9tfdZue3+x1lu0j2qS2yJ6"
    "mFbGNzsciHYKU1y0tdIqW6JdKZpHYJJF5ctyTUSVK8hLJmXd0SCNbM1VTcdpYsp/4t6Oz1"
    "lN8y3vyCeqvAJUAiB4oslb0F/YAKs7lVTMLa8a1ecCtecOv7CwdxzF3fXzjQgU1lYvk6XJ"
    "YlRX0OnClFoQq2kqI4BQ5HdtlD7K0lcPLtt/jJo2ZblCxdkrLL7x5DVpLCq0sYLABnUI6o"
    "XwK3O+a4KeCCeVl1fqs7Hg9jK2Z3kExg3Vx1+5OT88S5cDpJaGnElOCZfZvDt9/lbQ7FIA"
    "4wqNNYEYHW1thcCS2YOMys4hxzP9fBnXzb14Em0haKRE15Nc08PQVCmzpDVeWWuGHB9IPN"
    "I+mlyOztMuJyZMSCh38JoDzzlwnSs2+TsadS6X/o9e/1eJShvUOXBFg3mHXiVkcabTYMZN"
    "Fv+wldDlK81/kHZ8kzsmZcY/EHdLeaNJVsE0+/AbjuDXM="
)
