from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        DO $testudo$
DECLARE
  constraint_name text;
BEGIN
  SELECT c.conname INTO constraint_name FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
   WHERE c.conrelid = '"order_lines"'::regclass AND c.contype = 'f' AND cardinality(c.conkey) = 1 AND a.attname = 'product_id'
   ORDER BY c.conname = 'fk_order_li_products_e535c910' DESC, c.conname LIMIT 1;
  IF constraint_name IS NULL THEN
    RAISE EXCEPTION 'table % has no foreign key on column %', 'order_lines', 'product_id';
  END IF;
  EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'order_lines', constraint_name);
END
$testudo$;
ALTER TABLE "order_lines" ADD CONSTRAINT "fk_order_li_products_e535c910" FOREIGN KEY ("product_id") REFERENCES "products" ("id") ON DELETE CASCADE;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DO $testudo$
DECLARE
  constraint_name text;
BEGIN
  SELECT c.conname INTO constraint_name FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
   WHERE c.conrelid = '"order_lines"'::regclass AND c.contype = 'f' AND cardinality(c.conkey) = 1 AND a.attname = 'product_id'
   ORDER BY c.conname = 'fk_order_li_products_e535c910' DESC, c.conname LIMIT 1;
  IF constraint_name IS NULL THEN
    RAISE EXCEPTION 'table % has no foreign key on column %', 'order_lines', 'product_id';
  END IF;
  EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'order_lines', constraint_name);
END
$testudo$;
ALTER TABLE "order_lines" ADD CONSTRAINT "fk_order_li_products_e535c910" FOREIGN KEY ("product_id") REFERENCES "products" ("id") ON DELETE RESTRICT;"""


MODELS_STATE = (
    "eJztXNtu2zgQ/RVDTwngLRJv3Bb7ZjvO1ltfikTZLRoEAiMxMhGZdCSqiVHk35ek7hKlWr"
    "F810ubDGckzuFweGbE9pcyIwa0nA89QKFJ7IXyV+OXgsEMsh8yY82GAubzaIQLKHiwhLLu"
    "aSEoxODBoTbQKRt5BJYDmciAjm6jOUUEMyl2LYsLic4UETYjkYvRsws1SkxIp9BmA3f3TI"
    "ywAV/Zw/1f50/aI4KWkZgwMvi7hVyji7mQDTC9Eor8bQ+aTix3hiPl+YJOCQ61EaZcakIM"
    "beYQfzy1XT59Pjvf18Ajb6aRijfFmI0BH4Fr0Zi7S2KgE8zxY7NxhIMmf8sfrfOLTxef//"
    "x48ZmpiJmEkk9vnnuR756hQGCsKm9iHFDgaQgYI9x0G3JnNUCz+F2yEYpmUA5i0jIFpuGb"
    "fgh+SEMbAFmEbSCIwI0CqiJ0mQ/GBFsLf+EKoFQHo/6N2hl9457MHOfZEhB11D4faQnpIi"
    "U9+XjK5YRtB2+nhA9p/DdQvzT4r40fk3FfIEgcatrijZGe+kPhcwIuJRomLxowYjEWSANg"
    "mGa0sO7ceOfCJi3rhd3qwvqTj9ZV/J1Z0d4U2PLVDPRT68jA2tGVm4FXzYLYpFP26/nZWc"
    "HS/du57n3pXJ8wrVOR5yKYHMs1y8AU6FcD09pPhWpAmgMbYqqVOjsTNr8/QiVo+VhsMqYq"
    "OEQ583h8kp6hHiRZDK+IDZGJv8KFgHLA5gSwLtuNErq1cyC+BZEQSKNZ2OAlpGTJAGE+Ms"
    "8gFV7e9NXG+HY4VASYD0B/egG2oeWgqk+RZbBHZXHt+pZXX6+hBYQfhwVpcpPaxHB16qyG"
    "wzfvKbuZ83Nx4HFCWiQWH4nIyQ7NWrO0BGBgilnzd/M3+YhMbEOUGJmixxtoFlU8hKvU1U"
    "5d7dSkuK526oVdX7XDGBN1JUdfAZEPLTZX8SgYvihVsfnWMmS+leHylFBgSYIf6mgGLDlW"
    "oU067D2jD77xumA7W5kxyCC67PcGo87w5LzVbIm4ZdGMPAIaoHeRQc91oF2uDopZvKsK2k"
    "aaWG8ZxBGpoAi69R+ze/gtWwHFQiNR//Q6N73OZX+58sdCGK7I+QWRHbLn7Bec62f9ApM8"
    "5h8A9hv2r4ULVJcAu5akikqAZxdgiuiiBHpxk2PK9YkDEiOqzW2kS5rPhRwjabgdolFJni"
    "rkGmcluIaXPkrt37jJsUag3wcr2a1OGB0TdAVEjQQNrhWZWtgo2z0El6Vq8Y0l52qSEKwA"
    "ur1sx6bBS26uslR3nSwvgFfC8WLI5zO8eM+9pne7ltqK6F3d4T2IRmDd4T3QhT3y+yytdn"
    "uZ7m67nS4a4m/PoKXC15yTIWX2LtC29l1cGt3972oisMcBaKPO99NEcA8n478D9Siyx73h"
    "pJspLcrXtXVJm/hMQ/SnEoQl1N9cRbbCx4aqK1n/vvSiXCmbsqpr2QSWFdRkJa4K7XBRlg"
    "qT93+ASHW5688QJQvU2KdZYEogHAG8UAn/c8n4VIG5Xwg2/alrqRLcd8TmkcN4ufSiG7EF"
    "yE9w4SPox3MIvz8SGPnDdGoT15zGRrQAfelOYHItA+hbYW+Bz17SV/Cdyu8pBPOo+wm7dr"
    "w0C/oJ2y1PNnuPvL3MzZO2IH+ZE3ltfb5lLsKWTqX72n6VptOYM+mUGp48yXSaSprpnBpl"
    "21XTaXiO5mZTcdtDkk6DWyD5+ZTfslh/Qr1T4AwgUcYhR2NvQT+hwnTuFJuwedzXCbfihF"
    "s3cA+iz1c3cA90YTMNXJ6Hy7KkuM2BM6U4VOFRsixOocGRdbvF2VoCp0B/g1e+ddehZOaR"
    "lG3e+45YSQavLmGwAJxDOeJ2KdwemOG6gAv3ZdWN6+5kMkxkzO4g3fq/HXX71yfnqbZ2To"
    "9x6R5ZFe2x3dzNW7mh24E20qeKpCbwRwqrAhDp1H2WPaL9P9k+kn7bzE/6MZMjOx55+JcA"
    "ylffT5De/Z8bsKdS6T/L/+dmMs6pICOTFFi3mDlxZyCdNhsWcuj9bkJXgBT3uvjDefobeT"
    "NZKfAHdDfa+pMcE2//A35UHz8="
)
