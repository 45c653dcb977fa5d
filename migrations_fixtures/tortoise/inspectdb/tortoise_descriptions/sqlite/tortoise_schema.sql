CREATE TABLE IF NOT EXISTS "authors" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(30) NOT NULL  /* name with 'quote' */
);
CREATE TABLE sqlite_sequence(name,seq);
CREATE TABLE IF NOT EXISTS "notes" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL /* primary 'key' */,
    "single" VARCHAR(20) NOT NULL  /* it's */,
    "double" VARCHAR(20) NOT NULL  /* say "hi" */,
    "backslash" VARCHAR(20) NOT NULL  /* C:\\\\temp\\\\new */,
    "trailing_backslash" VARCHAR(20) NOT NULL  /* ends with \\\\ */,
    "newline" TEXT NOT NULL  /* line one\\nline two */,
    "crlf_tab" TEXT   /* a\\r\\nb	c */,
    "mixed" VARCHAR(20)   /* Buyer's "note": C:\\\\path\\\\file\\nsecond line */,
    "sql_like" INT NOT NULL  DEFAULT 0 /* 50% off; -- not a comment *\/ \\\/* {braces} $1 ? */,
    "unicode" VARCHAR(20)   /* Größe ünd 日本語 ✓ */,
    "owner_id" INT REFERENCES "authors" ("id") ON DELETE CASCADE /* the author's "id" */
);
CREATE TABLE IF NOT EXISTS "note_authors" (
    "notes_id" INT NOT NULL REFERENCES "notes" ("id") ON DELETE CASCADE,
    "author_id" INT NOT NULL REFERENCES "authors" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "uidx_note_author_notes_i_fd22a0" ON "note_authors" ("notes_id", "author_id");
