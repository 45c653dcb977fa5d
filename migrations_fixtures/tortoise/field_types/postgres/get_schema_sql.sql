CREATE TABLE "char_keyed" (
    "code" VARCHAR(16) NOT NULL  PRIMARY KEY,
    "label" TEXT
);
CREATE TABLE "owners" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(50) NOT NULL
);
CREATE TABLE "uuid_keyed" (
    "id" UUID NOT NULL  PRIMARY KEY,
    "name" VARCHAR(20)
);
CREATE TABLE "everything" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "i" INT NOT NULL,
    "i_null" INT,
    "i_default" INT NOT NULL  DEFAULT 42,
    "i_unique" INT  UNIQUE,
    "i_index" INT NOT NULL  DEFAULT 0,
    "i_desc" INT NOT NULL  DEFAULT -1,
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
    "b" BOOL NOT NULL,
    "b_default" BOOL NOT NULL  DEFAULT False,
    "b_null" BOOL,
    "d" DECIMAL(10,2) NOT NULL,
    "d_default" DECIMAL(12,4) NOT NULL  DEFAULT 1.5,
    "d_null" DECIMAL(5,0),
    "f" DOUBLE PRECISION NOT NULL  DEFAULT 0.5,
    "f_null" DOUBLE PRECISION,
    "dt" TIMESTAMPTZ NOT NULL,
    "dt_null" TIMESTAMPTZ,
    "dt_add" TIMESTAMPTZ NOT NULL  DEFAULT CURRENT_TIMESTAMP,
    "dt_now" TIMESTAMPTZ NOT NULL  DEFAULT CURRENT_TIMESTAMP,
    "dt_callable" TIMESTAMPTZ NOT NULL,
    "day" DATE NOT NULL,
    "day_null" DATE,
    "day_default" DATE NOT NULL  DEFAULT '2024-01-31',
    "day_callable" DATE NOT NULL,
    "tm" TIMETZ NOT NULL,
    "tm_null" TIMETZ,
    "tm_add" TIMETZ NOT NULL  DEFAULT CURRENT_TIMESTAMP,
    "span" BIGINT NOT NULL,
    "span_null" BIGINT,
    "span_default" BIGINT NOT NULL  DEFAULT 3603000000,
    "u" UUID NOT NULL,
    "u_null" UUID,
    "u_unique" UUID NOT NULL UNIQUE,
    "u_callable" UUID NOT NULL,
    "j" JSONB NOT NULL,
    "j_null" JSONB,
    "j_callable" JSONB NOT NULL,
    "j_default" JSONB NOT NULL,
    "bin" BYTEA NOT NULL,
    "bin_null" BYTEA,
    "color" VARCHAR(5) NOT NULL,
    "color_default" VARCHAR(10) NOT NULL  DEFAULT 'green',
    "color_null" VARCHAR(5),
    "prio" SMALLINT NOT NULL,
    "prio_default" SMALLINT NOT NULL  DEFAULT 2,
    "prio_null" SMALLINT,
    "col_renamed" INT NOT NULL  DEFAULT 1,
    "char_ref_id" VARCHAR(16) REFERENCES "char_keyed" ("code") ON DELETE CASCADE,
    "owner_id" INT NOT NULL REFERENCES "owners" ("id") ON DELETE CASCADE,
    "owner_noaction_id" INT REFERENCES "owners" ("id") ON DELETE NO ACTION,
    "owner_nocons_id" INT,
    "owner_null_id" INT REFERENCES "owners" ("id") ON DELETE SET NULL,
    "owner_restrict_id" INT REFERENCES "owners" ("id") ON DELETE RESTRICT,
    "uuid_ref_id" UUID REFERENCES "uuid_keyed" ("id") ON DELETE CASCADE,
    "solo_id" INT  UNIQUE REFERENCES "owners" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_everything_c_123989" UNIQUE ("c", "i")
);
CREATE INDEX "idx_everything_i_index_6280ec" ON "everything" ("i_index");
CREATE INDEX "idx_everything_c_index_062548" ON "everything" ("c_index");
CREATE INDEX "idx_everything_dt_404e77" ON "everything" ("dt", "day");
COMMENT ON COLUMN "everything"."i_desc" IS 'an int with a description';
COMMENT ON COLUMN "everything"."color" IS 'RED: red\nGREEN: green\nBLUE: blue';
COMMENT ON COLUMN "everything"."color_default" IS 'RED: red\nGREEN: green\nBLUE: blue';
COMMENT ON COLUMN "everything"."color_null" IS 'favourite colour';
COMMENT ON COLUMN "everything"."prio" IS 'LOW: 1\nMID: 2\nHIGH: 3';
COMMENT ON COLUMN "everything"."prio_default" IS 'LOW: 1\nMID: 2\nHIGH: 3';
COMMENT ON COLUMN "everything"."prio_null" IS 'LOW: 1\nMID: 2\nHIGH: 3';
COMMENT ON TABLE "everything" IS 'one column per field variant';
CREATE TABLE "everything_owners" (
    "everything_id" BIGINT NOT NULL REFERENCES "everything" ("id") ON DELETE CASCADE,
    "owner_id" INT NOT NULL REFERENCES "owners" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "uidx_everything__everyth_0ada80" ON "everything_owners" ("everything_id", "owner_id");
CREATE TABLE "everything_uuid_keyed" (
    "everything_id" BIGINT NOT NULL REFERENCES "everything" ("id") ON DELETE CASCADE,
    "uuidkeyed_id" UUID NOT NULL REFERENCES "uuid_keyed" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "uidx_everything__everyth_edf785" ON "everything_uuid_keyed" ("everything_id", "uuidkeyed_id");
