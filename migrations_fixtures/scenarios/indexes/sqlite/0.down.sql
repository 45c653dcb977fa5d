DROP TABLE "persons";
