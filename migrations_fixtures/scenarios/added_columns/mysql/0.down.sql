DROP TABLE `parts`;
DROP TABLE `gadgets`;
