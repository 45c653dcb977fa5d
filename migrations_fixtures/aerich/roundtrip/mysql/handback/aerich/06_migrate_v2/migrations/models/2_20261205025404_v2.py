from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        SET @testudo_ddl = COALESCE((SELECT CONCAT('ALTER TABLE `categories` DROP FOREIGN KEY ', '`', REPLACE(found, '`', '``'), '`') FROM (SELECT CONSTRAINT_NAME AS found FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'categories' AND COLUMN_NAME = 'parent_id' AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY CONSTRAINT_NAME = 'fk_categori_categori_56c95ac7' DESC, CONSTRAINT_NAME LIMIT 1) AS named), 'ALTER TABLE `categories` DROP FOREIGN KEY `fk_categori_categori_56c95ac7`');
PREPARE testudo_ddl FROM @testudo_ddl;
EXECUTE testudo_ddl;
DEALLOCATE PREPARE testudo_ddl;
ALTER TABLE `categories` DROP COLUMN `parent_id`;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE `categories` ADD COLUMN `parent_id` INT;
ALTER TABLE `categories` ADD CONSTRAINT `fk_categori_categori_56c95ac7` FOREIGN KEY (`parent_id`) REFERENCES `categories` (`id`) ON DELETE SET NULL;"""


MODELS_STATE = (
    "eJztW21T2zgQ/isZf4KZXAdypO3ctySEa64k6YC565RhPMIWjgZbCrZcyHTy30+S5feXxu"
    "CAQ/ylwGrX1j5arZ5dq78UmxjQcj+MAIUmcVbKX51fCgY2ZL9kxrodBSyX0QgXUHBrCWXd"
    "10JQiMGtSx2gUzZyBywXMpEBXd1BS4oIZlLsWRYXEp0pImxGIg+jBw9qlJiQLqDDBq5vmB"
    "hhAz6xh8s/l/faHYKWkZgwMvi7hVyjq6WQTTA9E4r8bbeaTizPxpHyckUXBIfaCFMuNSGG"
    "DnOIP546Hp8+n530NfDIn2mk4k8xZmPAO+BZNObuhhjoBHP82Gxc4aDJ3/JH7/jk08nnPz"
    "+efGYqYiah5NPady/y3TcUCMxUZS3GAQW+hoAxwk13IHdWAzSL3ykbociG+SAmLVNgGtL0"
    "Q/BLGtoAyDJsA0EEbhRQNaHLfDDm2FrJhSuBUp1Mx5fqYPqNe2K77oMlIBqoYz7SE9JVSn"
    "rw8ZDLCdsO/k4JH9L5b6J+6fA/Oz/ms7FAkLjUdMQbIz31h8LnBDxKNEweNWDEYiyQBsAw"
    "zWhhvaXxzIVNWrYL+6YLKycfrav4mVnR0QI4+asZ6KfWkYHV0JWzwZNmQWzSBfvz+OioZO"
    "n+HVyMvgwuDpjWochzEUyu5ZlVYAr064Fp66fC80HiJ+jdfews4IJboN8/AsfQEiMRmkuH"
    "GJ5O3SyiQ2l59vUCWkD4kUVRsolv/lOaGXfrICICabD5OD6kR4oQyw7ZPTstARiYYtb83f"
    "xNEpG5YwiakyFe/kAp6yJcpWVcLeNqD+aWcbULuz3G5VJAvZyjr4RMhBavx7oUDB+VuhhF"
    "bxNC0cuQLkoosHKCH+rIBlY+VqFNOux9ow/SeFuwHb2YMeRBdDoeTaaD84PjXrcn4pZFM6"
    "Iwjt5JBj3PhY5W6VSNWfz+aG1ImqjhdM1Q2CSGWQDPiAORib/ClcBxwmYEsJ5XFkn6dSUf"
    "0zz8imgqEzvgMaRp8dBg7jGnoB9+o8HlaHA6Vtab0H4LYfhCzi+I7Dl7zm7BuX3WLzApYv"
    "4BYL9h/1q4QG0J0LQkVVYCPHgAU0RXFdCLm+xTrk8ckBhRbekgPacBVsoxkoZvQzRqyVOl"
    "XOOoAtfw00el/Rs32dcIlH2wasAljfYJuhKiRoIG1wuZWtgoax6Cm1K1+MbK52o5IVgDdD"
    "vZjk2Dl9xcVanuNlleAG8Ox4shX8zw4j33lt41LbWV0bu2w/suGoFth/edLuyef1Pv9fub"
    "dHf7/XTREH97Bi0VPhWcDCmzZ4EmF7EZFZc6/q4mAnsWgDYdfD9MBPf5fPZ3oB5F9mx0Ph"
    "9mSovqdW1b0iY+0xD9vgJhCfVfryJ7wceGuitZeWdzVa2UTVm1tWwCyxpqsviF2+bhuGlR"
    "lgqT53+ASHW5288QFQvU2KdZYOZAOAV4pRL+74bxqQJztxDsyqlrqRJcOuLwyGG8PPeiG3"
    "EEyPdwJRGU8RzCL0cCIzlMFw7xzEVsRAvQz90JTK5lAF2X9hb47HP6CtKp4p5CMI+2n9C0"
    "46Vb0k942/Lkde+y9je5edKvepO1tjRafBG2cird1fZrbjqNOZNOqeHJk0ynqaSZzqlRtn"
    "1pOg3P0cJsKm575KTT4BZIcT7ltyy2n1CvFWgDJMo45GrsLegnVJjOteIQNo+bNuHWnHDb"
    "Bu676PO1Ddx3urCZBi7Pw1VZUtzmnTOlOFThUbIpTqHBnnW7xdlaAadA/xWvfOueS4ntk5"
    "S3vPcdsZIMXkPCYAG4gHLE7VK43TLDbQEX7su6G9fD+fw8kTGHk3Tr/2o6HF8cHKfa2gU9"
    "xo17ZHW0x5q5m9/khu4AOkhfKDk1gRwprQpApNP2WXaI9v9k+yj322Zx0o+Z7NnxyMO/Al"
    "BSfTdBevb/QmdPpRDnFBv/XM5nBRVkZJIC6wozJ64NpNNux0IuvWkmdCVIca/LP5ynv5F3"
    "k5UCf8DwVVt/OcfE+n9WC/mm"
)
