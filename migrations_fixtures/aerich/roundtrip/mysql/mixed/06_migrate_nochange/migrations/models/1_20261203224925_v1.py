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
    "eJztW21P2zoU/itVPoHUO0GhgPatLeWuWqFTKfdOgylyE5NGpHZJnJVo4r/Pdt4TJ0to+k"
    "LJl40en5PYj4+Pn3Ps/JbmWIWG9akHCNSw6UifG78lBOaQ/pFqazYksFiELUxAwNTgyoqr"
    "pUMuBlOLmEAhtOURGBakIhVaiqkviI4RlSLbMJgQK1RRR1oospH+bEOZYA2SGTRpw/1PKt"
    "aRCl/ow72fiyf5UYeGGuuwrrJ3c7lMnAWXDRC54orsbVNZwYY9R6HywiEzjAJtHREm1SCC"
    "Jh0QezwxbdZ91jtvrP6I3J6GKm4XIzYqfAS2QSLDLYiBghHDj/bG4gPU2Fv+aR2fnp9enJ"
    "ydXlAV3pNAcv7qDi8cu2vIEbiZSK+8HRDganAYQ9wUE7LByoCk8bukLUSfQzGIccsEmKpn"
    "+sn/IwmtD2Qetr4gBDd0qIrQpWNQR8hwvInLgXIyuO7fTjrX39hI5pb1bHCIOpM+a2lxqZ"
    "OQHpwdMjmmy8FdKcFDGv8PJl8a7Gfjx+imzxHEFtFM/sZQb/JDYn0CNsEywksZqBEf86U+"
    "MFQznFh7ob5xYuOW9cRudWK9zofzyv9PzWhvBkzxbPr6iXmkYO3ozM3Bi2xApJEZ/Xl8dJ"
    "Qzdf91xr0vnfEB1TrkcS6EyTJsrQxMvn41MK19V6gGpAUwISJyqb0zZvP3LVSAlofFJn2q"
    "gk2UMY/HJ+Ee6kKSxvAKm1DX0FfocCgHtE8AKaLVKKBbOwfiq+8JvjTshQmWASWLOwgdIx"
    "0ZJHyUt/1J4+ZuOJQ4mFOgPC2BqcoZqCoz3VDpo9K4dj3Lq69jaAA+jv2CNL5ITazaCrFW"
    "w+Gb+5TdjPmZODA/wS0c8Y+Y56Sb5q15UgIQ0Hiv2bvZmzxERqbKU4xU0uM2NPMyHsxU6m"
    "ynznZqUlxnO/XEri/boYyJ2IKtL4fIBxaby3gkBJdSVWy+VYTMt1JcnmACDIHzQ0WfA0OM"
    "VWCTdHvX6JNnvC7YjlZmDCKILvu9wXVneHDcara431Jv1l0C6qN3mkLPtqBZLg+KWLwpC9"
    "pGmFhvGsQQqSAJuvMes3v4Fc2AIq4Ry396ndte57JfLP0xdARX5PycyA7pc94XnOtn/RyT"
    "LObvA/YX9i8HE1SnALsWpPJSgGcbIKITpwR6UZOPFOtjGyTSibwwdUVQfM7lGHHD7RCNSu"
    "JULtc4KsE13PBRav1GTT6qB3p1sJLV6pjRR4Iuh6hhv8C1IlMLCmW7h2BRqhZdWGKuJnDB"
    "CqB7l+XYJHjxxRWDb0zz/vGgN8njuuukeT6+ApIXgT6b4kWL7jW/27XYlsfv6hLvXlQC6x"
    "Lvnk7sB7/Q0mq3i5R32+1k1hB9ewqtCXzJ2BkSZm8CbWsH40Lv7n+fxBz7xgftuvP9MObc"
    "w9HNv7566Nk3veGom8otyie2dU4bO6fBylMJwhLoby4lW+G0oepUFmFSLuR5+ttdvVLXdq"
    "DZeODdeZA+PyALUqDUhuFVTDd2b21Jk62ZiAbkrdfQaB9Puy6aJ4UXq3df3ylXSklY1bWU"
    "GJYV1ARKXFXb4aJAwk3efgCWOGX5eMdg0SVrwl86XK4IxJg/5J2hsGKVKHJBAmgC/K4Bci"
    "aY/VtwlU6A9r4QbHpdlxN1MG8gJnMbmhwLr5tik4P8BB0PQW9VB/B7Lb6R10xmJra1WaRF"
    "9tEXxgMql1OAvuYW+DxfFtT3Qi/PLu9FllNd3du13baZU92jQ2WvT2F3S4mbkQlgaLU51t"
    "JeGcST1vlZgB/7kQfdLSWBw3SmMcWqgJpklwt8/bpOkFEnqM8gK/pmpj5KK3iUVoA0r/Mk"
    "jdEEwS7rsYfsLdbf8Ov9dddWZd7+ut1i/GY/m2wXqT61efUkFcjWthaLfPdVOmd5ryFSmL"
    "dEBpPMXYIUL563JLKTZPISpjWr5i1BwpoZTfnlZkE49S89Z8dTdql4/QH1XoJzoPMaqG7J"
    "9C36LyhRnXvJxLQfP+uAW3HAra8r7MWpdn1dYU8nNlWJZXG4LEuK2uw5U4pCFWwlRXEKDD"
    "7Y3Q6+t5bAydff4BeOim0RPHdJyjY/cwxZSQqvLqawAJRBOaJ2Cdym1HBdwAXrsur6Vnc0"
    "GsYiZneQLGDdXXf744PjxLlwukhoKdgU4Jl9ecPX3+blDcnADjCI01hgjtbG2FyJXDBxmF"
    "nFOeZuxsENfsr3+gc1AA8w"
)
