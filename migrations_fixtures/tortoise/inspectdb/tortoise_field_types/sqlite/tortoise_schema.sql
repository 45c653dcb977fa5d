CREATE TABLE IF NOT EXISTS "char_keyed" (
    "code" VARCHAR(16) NOT NULL  PRIMARY KEY,
    "label" TEXT
);
CREATE TABLE IF NOT EXISTS "owners" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL
);
CREATE TABLE sqlite_sequence(name,seq);
CREATE TABLE IF NOT EXISTS "uuid_keyed" (
    "id" CHAR(36) NOT NULL  PRIMARY KEY,
    "name" VARCHAR(20)
);
CREATE TABLE IF NOT EXISTS "everything" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "i" INT NOT NULL,
    "i_null" INT,
    "i_default" INT NOT NULL  DEFAULT 42,
    "i_unique" INT  UNIQUE,
    "i_index" INT NOT NULL  DEFAULT 0,
    "i_desc" INT NOT NULL  DEFAULT -1 /* an int with a description */,
    "big" BIGINT NOT NULL  DEFAULT 9007199254740993,
    "big_null" BIGINT,
    "small" SMALLINT NOT NULL  DEFAULT 7,
    "small_null" SMALLINT  UNIQUE,
    "c" VARCHAR(30) NOT NULL,
    "c_null" VARCHAR(30),
    "c_default" VARCHAR(30) NOT NULL  DEFAULT 'plain default',
    "c_unique" VARCHAR(30) NOT NULL UNIQUE,
    "c_index" VARCHAR(30) NOT NULL  DEFAULT '',
    "c_callable" VARCHAR(30) NOT NULL,
    "t" TEXT NOT NULL,
    "t_null" TEXT,
    "t_default" TEXT NOT NULL,
    "b" INT NOT NULL,
    "b_default" INT NOT NULL  DEFAULT 0,
    "b_null" INT,
    "d" VARCHAR(40) NOT NULL,
    "d_default" VARCHAR(40) NOT NULL  DEFAULT '1.5',
    "d_null" VARCHAR(40),
    "f" REAL NOT NULL  DEFAULT 0.5,
    "f_null" REAL,
    "dt" TIMESTAMP NOT NULL,
    "dt_null" TIMESTAMP,
    "dt_add" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP,
    "dt_now" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP,
    "dt_callable" TIMESTAMP NOT NULL,
    "day" DATE NOT NULL,
    "day_null" DATE,
    "day_default" DATE NOT NULL  DEFAULT '2024-01-31',
    "day_callable" DATE NOT NULL,
    "tm" TIME NOT NULL,
    "tm_null" TIME,
    "tm_add" TIME NOT NULL  DEFAULT CURRENT_TIMESTAMP,
    "span" BIGINT NOT NULL,
    "span_null" BIGINT,
    "span_default" BIGINT NOT NULL  DEFAULT 3603000000,
    "u" CHAR(36) NOT NULL,
    "u_null" CHAR(36),
    "u_unique" CHAR(36) NOT NULL UNIQUE,
    "u_callable" CHAR(36) NOT NULL,
    "j" JSON NOT NULL,
    "j_null" JSON,
    "j_callable" JSON NOT NULL,
    "j_default" JSON NOT NULL,
    "bin" BLOB NOT NULL,
    "bin_null" BLOB,
    "color" VARCHAR(5) NOT NULL  /* RED: red\\nGREEN: green\\nBLUE: blue */,
    "color_default" VARCHAR(10) NOT NULL  DEFAULT 'green' /* RED: red\\nGREEN: green\\nBLUE: blue */,
    "color_null" VARCHAR(5)   /* favourite colour */,
    "prio" SMALLINT NOT NULL  /* LOW: 1\\nMID: 2\\nHIGH: 3 */,
    "prio_default" SMALLINT NOT NULL  DEFAULT 2 /* LOW: 1\\nMID: 2\\nHIGH: 3 */,
    "prio_null" SMALLINT   /* LOW: 1\\nMID: 2\\nHIGH: 3 */,
    "col_renamed" INT NOT NULL  DEFAULT 1,
    "owner_nocons_id" INT,
    "char_ref_id" VARCHAR(16) REFERENCES "char_keyed" ("code") ON DELETE CASCADE,
    "owner_id" INT NOT NULL REFERENCES "owners" ("id") ON DELETE CASCADE,
    "owner_noaction_id" INT REFERENCES "owners" ("id") ON DELETE NO ACTION,
    "owner_null_id" INT REFERENCES "owners" ("id") ON DELETE SET NULL,
    "owner_restrict_id" INT REFERENCES "owners" ("id") ON DELETE RESTRICT,
    "uuid_ref_id" CHAR(36) REFERENCES "uuid_keyed" ("id") ON DELETE CASCADE,
    "solo_id" INT  UNIQUE REFERENCES "owners" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_everything_c_123989" UNIQUE ("c", "i")
);
CREATE INDEX "idx_everything_i_index_6280ec" ON "everything" ("i_index");
CREATE INDEX "idx_everything_c_index_062548" ON "everything" ("c_index");
CREATE INDEX "idx_everything_dt_404e77" ON "everything" ("dt", "day");
CREATE TABLE IF NOT EXISTS "everything_owners" (
    "everything_id" BIGINT NOT NULL REFERENCES "everything" ("id") ON DELETE CASCADE,
    "owner_id" INT NOT NULL REFERENCES "owners" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "uidx_everything__everyth_0ada80" ON "everything_owners" ("everything_id", "owner_id");
CREATE TABLE IF NOT EXISTS "everything_uuid_keyed" (
    "everything_id" BIGINT NOT NULL REFERENCES "everything" ("id") ON DELETE CASCADE,
    "uuidkeyed_id" CHAR(36) NOT NULL REFERENCES "uuid_keyed" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "uidx_everything__everyth_edf785" ON "everything_uuid_keyed" ("everything_id", "uuidkeyed_id");
