CREATE TABLE "items" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "quote" VARCHAR(30) NOT NULL  DEFAULT 'it\'s',
    "dquote" VARCHAR(30) NOT NULL  DEFAULT 'say \"hi\"',
    "backslash" VARCHAR(30) NOT NULL  DEFAULT 'C:\\temp'
);
