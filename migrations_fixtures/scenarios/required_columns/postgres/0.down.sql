DROP TABLE "gadgets";
