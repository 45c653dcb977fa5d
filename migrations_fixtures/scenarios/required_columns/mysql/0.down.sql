DROP TABLE `gadgets`;
