from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE `reviews` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `rating` SMALLINT NOT NULL DEFAULT 5,
    `body` LONGTEXT,
    `product_id` INT NOT NULL,
    CONSTRAINT `fk_reviews_products_9251a0c3` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4;
ALTER TABLE `products` ADD COLUMN `note` VARCHAR(100) COMMENT 'Buyer "note":
second line';
ALTER TABLE `products` ADD COLUMN `weight` DECIMAL(8,3) NOT NULL DEFAULT 0;
ALTER TABLE `users` ADD COLUMN `score` INT NOT NULL DEFAULT 0 COMMENT 'loyalty points';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE `users` DROP COLUMN `score`;
ALTER TABLE `products` DROP COLUMN `weight`;
ALTER TABLE `products` DROP COLUMN `note`;
DROP TABLE `reviews`;"""


MODELS_STATE = (
    "eJztXF1z0zgU/SsZP5WZLNOGBhjekjQsWdKESdNdhpbxqLbqaOpIwZYpHqb/fSX525aN3T"
    "gfTfwCRLrXlo6upHOuZH4rS6JD0349ABQaxHKVD63fCgZLyP6RqWu3FLBaRTW8gII7Uxhr"
    "nhWCohjc2dQCGmU198C0ISvSoa1ZaEURwawUO6bJC4nGDBE2oiIHox8OVCkxIF1Ai1XcfG"
    "fFCOvwF3u4/3P1oN4jaOqJBiOdv1uUq9RdibIRph+FIX/bnaoR01niyHjl0gXBoTXClJca"
    "EEOLdYg/nloObz5vnd/XoEdeSyMTr4kxHx3eA8ekse6WxEAjmOPHWmOLDhr8LX91zs7fnb"
    "9/8/b8PTMRLQlL3j153Yv67jkKBCZz5UnUAwo8CwFjhJtmQd5ZFdAsfheshqIllIOY9EyB"
    "qfuur4N/pKENgCzCNiiIwI0CqiZ0WR/0KTZdf+AKoJyPLodX897lF96TpW3/MAVEvfmQ13"
    "REqZsqPXn7ipcTNh28mRI+pPXfaP6pxX+2vk0nQ4EgsalhiTdGdvNvCm8TcChRMXlUgR6L"
    "saA0AIZZRgPrrPRnDmzSsxnYnQ6s3/hoXMXfmREdLIAlH83APjWODKw9Hbkl+KWaEBt0wX"
    "6enZ4WDN2/vdngU292wqxeiXUugsk2HaMKTIF9PTBtfFeoB6QVsCCmaqW9M+Hz5y1UgpaP"
    "xTZjqoZNlDOP+wfpHupBksXwI7EgMvBn6AooR6xNAGuy2SihW3sH4lMQCUFp1AoLPIaULB"
    "kgrI+sZ5CKXl4N563J9XisCDDvgPbwCCxdzUFVWyBTZ4/K4tr3PT9+nkETiH4cFqTJSWoR"
    "3dGovR4OX7yn7Oean4sDjxPSIbH4SEROtmrZWaZLAAaGaDV/N3+Tj8jU0oXEyIger6JdpH"
    "gIN2nUTqN2GlLcqJ1mYDendhhjoo5k6ysg8qHH9hSPguGjUheb75Qh850Ml6eEAlMS/FBD"
    "S2DKsQp90mHvOb32nTcF2+najEEG0cVwMLrsjU/OOu2OiFsWzcgjoAF65xn0HBta1XRQzO"
    "NZKmgXy8RmZRBHpAYRdO0/Zv/wK6uAYqGR0D+D3tWgdzEsJ39MhOGanF8Q2TF7zsuCc/Os"
    "X2CSx/wDwP7A/tVwgBoJsG+LVJEE+OEATBF1K6AXdzmmtT6xQWJE1ZWFNEnyuZBjJB13Qz"
    "RqWacKucZpBa7hLR+V5m/c5Vgj0M+DVcxWJ5yOCboCokaCBNeaTC1MlO0fgmWpWnxiybma"
    "JARrgO5FpmPT4CUnVwK+GdP9s9FgXsR1N0nzAnwlJC8GfT7FiyfdG363b2tbEb9rUrwHkQ"
    "lsUrwHOrBHfqGl0+2WSe92u2nVEH97Bq05/JWzM6TcngXazg7GpdE9/DpPBPYkAO2y9/VV"
    "IrjH08nfgXkU2ZPBeNrPaIvqwrbRtIlzGqI9VCAsof32JNkapw11S1lMaLUlz7ff7exV+o"
    "4LrdataM6t8uEW25ABpbdMP2O6tXtrj0xsLWQ0oGi+Rk6HeNr1vv2m9GT17+u71VIpKa8m"
    "l5LAsoacQIWranucFEiFyfMPwFKnLMd3DBafshb8ieDjmkDMxENeGAprZoliFySAIcHvEm"
    "B3TvifJWfpHBgvC8G233Q1lQfzO2LxsGHiWHrdlFgC5Afo+gj6szqE368JnPxqurCIYyxi"
    "NWqAvnQ9YOVqBtCnwgSfH8uS/F4U5fnpvdh0arJ7+7bbtguye6yr/PUZ7K4YcTNzAYy8ts"
    "daumuD+Kbz7m2IH/9RBN0VI4HjrNK4I7qEmuSnCwL7Jk+QkydoziBr+mamOUoreZRWgjRv"
    "8iSN0wTJLuuzh/wtNtjwm/1132Zl0f6622T8dj+b7JbJPnVF9iSzkG1sLpb57quyZnmpS6"
    "RUt8Q6k9YuocRL6paUOkmLl0jWrKtbQsGau5qKy82S5TS49Jy/nvJLxZtfUG8UuARI5ECR"
    "rbK3oJ9QYTY3ikVYO743C27NC25zXeEgTrWb6woHOrCZTCxfh6uypLjPgTOlOFThVlIWp9"
    "DhyO52iL21Ak6B/Ra/cNQcm5KlR1J2+ZljxEoyePUJgwXgHMoR90vhdsccNwVcOC/rzm/1"
    "p9NxYsXsj9IJrOvL/nB2cpY6F84mCW2NWBI88y9vBPa7vLyhmMQFJnVbKyLQ2hqbq6AFU4"
    "eZdZxj7uc6uJNP+XrQQtpCkagpv6ZdpKdAZNNkqOrcEjcsmH6yeSS9A5m/XcZcjoxY8PCv"
    "AJRv/jJBevZtMvZUKv3/u/65mk5ytHfkkgLrGrNO3OhIo+2WiWz6fT+hK0CK97r44Cx9Rt"
    "ZOaiz+gP5Wk6aSbeLpf1d8B38="
)
