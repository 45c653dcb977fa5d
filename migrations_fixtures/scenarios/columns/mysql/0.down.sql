DROP TABLE `boxes`;
DROP TABLE `items`;
