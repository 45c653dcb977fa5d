DROP TABLE `persons`;
