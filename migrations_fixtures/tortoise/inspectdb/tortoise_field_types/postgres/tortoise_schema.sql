--
-- PostgreSQL database dump
--



SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: char_keyed; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.char_keyed (
    code character varying(16) NOT NULL,
    label text
);


--
-- Name: everything; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.everything (
    id bigint NOT NULL,
    i integer NOT NULL,
    i_null integer,
    i_default integer DEFAULT 42 NOT NULL,
    i_unique integer,
    i_index integer DEFAULT 0 NOT NULL,
    i_desc integer DEFAULT '-1'::integer NOT NULL,
    big bigint DEFAULT '9007199254740993'::bigint NOT NULL,
    big_null bigint,
    small smallint DEFAULT 7 NOT NULL,
    small_null smallint,
    c character varying(30) NOT NULL,
    c_null character varying(30),
    c_default character varying(30) DEFAULT 'plain default'::character varying NOT NULL,
    c_unique character varying(30) NOT NULL,
    c_index character varying(30) DEFAULT ''::character varying NOT NULL,
    c_callable character varying(30) NOT NULL,
    t text NOT NULL,
    t_null text,
    t_default text NOT NULL,
    b boolean NOT NULL,
    b_default boolean DEFAULT false NOT NULL,
    b_null boolean,
    d numeric(10,2) NOT NULL,
    d_default numeric(12,4) DEFAULT 1.5 NOT NULL,
    d_null numeric(5,0),
    f double precision DEFAULT 0.5 NOT NULL,
    f_null double precision,
    dt timestamp with time zone NOT NULL,
    dt_null timestamp with time zone,
    dt_add timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    dt_now timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    dt_callable timestamp with time zone NOT NULL,
    day date NOT NULL,
    day_null date,
    day_default date DEFAULT '2024-01-31'::date NOT NULL,
    day_callable date NOT NULL,
    tm time with time zone NOT NULL,
    tm_null time with time zone,
    tm_add time with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    span bigint NOT NULL,
    span_null bigint,
    span_default bigint DEFAULT '3603000000'::bigint NOT NULL,
    u uuid NOT NULL,
    u_null uuid,
    u_unique uuid NOT NULL,
    u_callable uuid NOT NULL,
    j jsonb NOT NULL,
    j_null jsonb,
    j_callable jsonb NOT NULL,
    j_default jsonb NOT NULL,
    bin bytea NOT NULL,
    bin_null bytea,
    color character varying(5) NOT NULL,
    color_default character varying(10) DEFAULT 'green'::character varying NOT NULL,
    color_null character varying(5),
    prio smallint NOT NULL,
    prio_default smallint DEFAULT 2 NOT NULL,
    prio_null smallint,
    col_renamed integer DEFAULT 1 NOT NULL,
    owner_nocons_id integer,
    char_ref_id character varying(16),
    owner_id integer NOT NULL,
    owner_noaction_id integer,
    owner_null_id integer,
    owner_restrict_id integer,
    uuid_ref_id uuid,
    solo_id integer
);


--
-- Name: TABLE everything; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.everything IS 'one column per field variant';


--
-- Name: COLUMN everything.i_desc; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.everything.i_desc IS 'an int with a description';


--
-- Name: COLUMN everything.color; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.everything.color IS 'RED: red\\nGREEN: green\\nBLUE: blue';


--
-- Name: COLUMN everything.color_default; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.everything.color_default IS 'RED: red\\nGREEN: green\\nBLUE: blue';


--
-- Name: COLUMN everything.color_null; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.everything.color_null IS 'favourite colour';


--
-- Name: COLUMN everything.prio; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.everything.prio IS 'LOW: 1\\nMID: 2\\nHIGH: 3';


--
-- Name: COLUMN everything.prio_default; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.everything.prio_default IS 'LOW: 1\\nMID: 2\\nHIGH: 3';


--
-- Name: COLUMN everything.prio_null; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.everything.prio_null IS 'LOW: 1\\nMID: 2\\nHIGH: 3';


--
-- Name: everything_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.everything_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: everything_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.everything_id_seq OWNED BY public.everything.id;


--
-- Name: everything_owners; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.everything_owners (
    everything_id bigint NOT NULL,
    owner_id integer NOT NULL
);


--
-- Name: everything_uuid_keyed; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.everything_uuid_keyed (
    everything_id bigint NOT NULL,
    uuidkeyed_id uuid NOT NULL
);


--
-- Name: owners; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.owners (
    id integer NOT NULL,
    name character varying(50) NOT NULL
);


--
-- Name: owners_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.owners_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: owners_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.owners_id_seq OWNED BY public.owners.id;


--
-- Name: uuid_keyed; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.uuid_keyed (
    id uuid NOT NULL,
    name character varying(20)
);


--
-- Name: everything id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.everything ALTER COLUMN id SET DEFAULT nextval('public.everything_id_seq'::regclass);


--
-- Name: owners id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.owners ALTER COLUMN id SET DEFAULT nextval('public.owners_id_seq'::regclass);


--
-- Name: char_keyed char_keyed_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.char_keyed
    ADD CONSTRAINT char_keyed_pkey PRIMARY KEY (code);


--
-- Name: everything everything_c_unique_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.everything
    ADD CONSTRAINT everything_c_unique_key UNIQUE (c_unique);


--
-- Name: everything everything_i_unique_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.everything
    ADD CONSTRAINT everything_i_unique_key UNIQUE (i_unique);


--
-- Name: everything everything_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.everything
    ADD CONSTRAINT everything_pkey PRIMARY KEY (id);


--
-- Name: everything everything_small_null_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.everything
    ADD CONSTRAINT everything_small_null_key UNIQUE (small_null);


--
-- Name: everything everything_solo_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.everything
    ADD CONSTRAINT everything_solo_id_key UNIQUE (solo_id);


--
-- Name: everything everything_u_unique_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.everything
    ADD CONSTRAINT everything_u_unique_key UNIQUE (u_unique);


--
-- Name: owners owners_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.owners
    ADD CONSTRAINT owners_pkey PRIMARY KEY (id);


--
-- Name: everything uid_everything_c_123989; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.everything
    ADD CONSTRAINT uid_everything_c_123989 UNIQUE (c, i);


--
-- Name: uuid_keyed uuid_keyed_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.uuid_keyed
    ADD CONSTRAINT uuid_keyed_pkey PRIMARY KEY (id);


--
-- Name: idx_everything_c_index_062548; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_everything_c_index_062548 ON public.everything USING btree (c_index);


--
-- Name: idx_everything_dt_404e77; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_everything_dt_404e77 ON public.everything USING btree (dt, day);


--
-- Name: idx_everything_i_index_6280ec; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_everything_i_index_6280ec ON public.everything USING btree (i_index);


--
-- Name: uidx_everything__everyth_0ada80; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX uidx_everything__everyth_0ada80 ON public.everything_owners USING btree (everything_id, owner_id);


--
-- Name: uidx_everything__everyth_edf785; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX uidx_everything__everyth_edf785 ON public.everything_uuid_keyed USING btree (everything_id, uuidkeyed_id);


--
-- Name: everything everything_char_ref_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.everything
    ADD CONSTRAINT everything_char_ref_id_fkey FOREIGN KEY (char_ref_id) REFERENCES public.char_keyed(code) ON DELETE CASCADE;


--
-- Name: everything everything_owner_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.everything
    ADD CONSTRAINT everything_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES public.owners(id) ON DELETE CASCADE;


--
-- Name: everything everything_owner_noaction_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.everything
    ADD CONSTRAINT everything_owner_noaction_id_fkey FOREIGN KEY (owner_noaction_id) REFERENCES public.owners(id);


--
-- Name: everything everything_owner_null_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.everything
    ADD CONSTRAINT everything_owner_null_id_fkey FOREIGN KEY (owner_null_id) REFERENCES public.owners(id) ON DELETE SET NULL;


--
-- Name: everything everything_owner_restrict_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.everything
    ADD CONSTRAINT everything_owner_restrict_id_fkey FOREIGN KEY (owner_restrict_id) REFERENCES public.owners(id) ON DELETE RESTRICT;


--
-- Name: everything_owners everything_owners_everything_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.everything_owners
    ADD CONSTRAINT everything_owners_everything_id_fkey FOREIGN KEY (everything_id) REFERENCES public.everything(id) ON DELETE CASCADE;


--
-- Name: everything_owners everything_owners_owner_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.everything_owners
    ADD CONSTRAINT everything_owners_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES public.owners(id) ON DELETE CASCADE;


--
-- Name: everything everything_solo_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.everything
    ADD CONSTRAINT everything_solo_id_fkey FOREIGN KEY (solo_id) REFERENCES public.owners(id) ON DELETE CASCADE;


--
-- Name: everything_uuid_keyed everything_uuid_keyed_everything_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.everything_uuid_keyed
    ADD CONSTRAINT everything_uuid_keyed_everything_id_fkey FOREIGN KEY (everything_id) REFERENCES public.everything(id) ON DELETE CASCADE;


--
-- Name: everything_uuid_keyed everything_uuid_keyed_uuidkeyed_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.everything_uuid_keyed
    ADD CONSTRAINT everything_uuid_keyed_uuidkeyed_id_fkey FOREIGN KEY (uuidkeyed_id) REFERENCES public.uuid_keyed(id) ON DELETE CASCADE;


--
-- Name: everything everything_uuid_ref_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.everything
    ADD CONSTRAINT everything_uuid_ref_id_fkey FOREIGN KEY (uuid_ref_id) REFERENCES public.uuid_keyed(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--


