CREATE TABLE "items" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "quote" VARCHAR(30) NOT NULL  DEFAULT 'it\'s',
    "dquote" VARCHAR(30) NOT NULL  DEFAULT 'say \"hi\"',
    "backslash" VARCHAR(30) NOT NULL  DEFAULT 'C:\\temp'
);
