DROP TABLE `shop_product`;
DROP TABLE `product`;
DROP TABLE `old_things`;
DROP TABLE `shop`;
DROP TABLE `note`;
