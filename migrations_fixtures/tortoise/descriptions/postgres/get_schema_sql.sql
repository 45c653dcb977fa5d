CREATE TABLE "authors" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(30) NOT NULL
);
COMMENT ON COLUMN "authors"."name" IS 'name with ''quote''';
COMMENT ON TABLE "authors" IS 'O''Brien''s table';
CREATE TABLE "notes" (
    "id" SERIAL NOT NULL PRIMARY KEY,
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
COMMENT ON COLUMN "notes"."id" IS 'primary ''key''';
COMMENT ON COLUMN "notes"."single" IS 'it''s';
COMMENT ON COLUMN "notes"."double" IS 'say \"hi\"';
COMMENT ON COLUMN "notes"."backslash" IS 'C:\\temp\\new';
COMMENT ON COLUMN "notes"."trailing_backslash" IS 'ends with \\';
COMMENT ON COLUMN "notes"."newline" IS 'line one\nline two';
COMMENT ON COLUMN "notes"."crlf_tab" IS 'a\r\nb	c';
COMMENT ON COLUMN "notes"."mixed" IS 'Buyer''s \"note\": C:\\path\\file\nsecond line';
COMMENT ON COLUMN "notes"."sql_like" IS '50% off; -- not a comment */ /* {braces} $1 ?';
COMMENT ON COLUMN "notes"."unicode" IS 'Größe ünd 日本語 ✓';
COMMENT ON COLUMN "notes"."owner_id" IS 'the author''s \"id\"';
COMMENT ON TABLE "notes" IS 'Notes: it''s \"quoted\"\\ and\nmulti-line';
CREATE TABLE "note_authors" (
    "notes_id" INT NOT NULL REFERENCES "notes" ("id") ON DELETE CASCADE,
    "author_id" INT NOT NULL REFERENCES "authors" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "note_authors" IS 'who''s tagged';
CREATE UNIQUE INDEX "uidx_note_author_notes_i_fd22a0" ON "note_authors" ("notes_id", "author_id");
