CREATE TABLE IF NOT EXISTS "authors" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(30) NOT NULL
);
CREATE TABLE sqlite_sequence(name,seq);
CREATE TABLE IF NOT EXISTS "notes" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "single" VARCHAR(20) NOT NULL,
    "double" VARCHAR(20) NOT NULL,
    "backslash" VARCHAR(20) NOT NULL,
    "trailing_backslash" VARCHAR(20) NOT NULL,
    "newline" TEXT NOT NULL,
    "crlf_tab" TEXT,
    "mixed" VARCHAR(20),
    "sql_like" INT NOT NULL  DEFAULT 0,
    "unicode" VARCHAR(20),
    "owner_id" INT REFERENCES "authors" ("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "note_authors" (
    "notes_id" INT NOT NULL REFERENCES "notes" ("id") ON DELETE CASCADE,
    "author_id" INT NOT NULL REFERENCES "authors" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "uidx_note_author_notes_i_fd22a0" ON "note_authors" ("notes_id", "author_id");
