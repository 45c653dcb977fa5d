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
-- Name: authors; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.authors (
    id integer NOT NULL,
    name character varying(30) NOT NULL
);


--
-- Name: TABLE authors; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.authors IS 'O''Brien''s table';


--
-- Name: COLUMN authors.name; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.authors.name IS 'name with ''quote''';


--
-- Name: authors_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.authors_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: authors_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.authors_id_seq OWNED BY public.authors.id;


--
-- Name: note_authors; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.note_authors (
    notes_id integer NOT NULL,
    author_id integer NOT NULL
);


--
-- Name: TABLE note_authors; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.note_authors IS 'who''s tagged';


--
-- Name: notes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.notes (
    id integer NOT NULL,
    single character varying(20) NOT NULL,
    double character varying(20) NOT NULL,
    backslash character varying(20) NOT NULL,
    trailing_backslash character varying(20) NOT NULL,
    newline text NOT NULL,
    crlf_tab text,
    mixed character varying(20),
    sql_like integer DEFAULT 0 NOT NULL,
    unicode character varying(20),
    owner_id integer
);


--
-- Name: TABLE notes; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.notes IS 'Notes: it''s \\\"quoted\\\"\\\\ and\\nmulti-line';


--
-- Name: COLUMN notes.id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.notes.id IS 'primary ''key''';


--
-- Name: COLUMN notes.single; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.notes.single IS 'it''s';


--
-- Name: COLUMN notes.double; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.notes.double IS 'say \\\"hi\\\"';


--
-- Name: COLUMN notes.backslash; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.notes.backslash IS 'C:\\\\temp\\\\new';


--
-- Name: COLUMN notes.trailing_backslash; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.notes.trailing_backslash IS 'ends with \\\\';


--
-- Name: COLUMN notes.newline; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.notes.newline IS 'line one\\nline two';


--
-- Name: COLUMN notes.crlf_tab; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.notes.crlf_tab IS 'a\\r\\nb	c';


--
-- Name: COLUMN notes.mixed; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.notes.mixed IS 'Buyer''s \\\"note\\\": C:\\\\path\\\\file\\nsecond line';


--
-- Name: COLUMN notes.sql_like; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.notes.sql_like IS '50% off; -- not a comment */ /* {braces} $1 ?';


--
-- Name: COLUMN notes.unicode; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.notes.unicode IS 'Größe ünd 日本語 ✓';


--
-- Name: COLUMN notes.owner_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.notes.owner_id IS 'the author''s \\\"id\\\"';


--
-- Name: notes_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.notes_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: notes_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.notes_id_seq OWNED BY public.notes.id;


--
-- Name: authors id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.authors ALTER COLUMN id SET DEFAULT nextval('public.authors_id_seq'::regclass);


--
-- Name: notes id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notes ALTER COLUMN id SET DEFAULT nextval('public.notes_id_seq'::regclass);


--
-- Name: authors authors_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.authors
    ADD CONSTRAINT authors_pkey PRIMARY KEY (id);


--
-- Name: notes notes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notes
    ADD CONSTRAINT notes_pkey PRIMARY KEY (id);


--
-- Name: uidx_note_author_notes_i_fd22a0; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX uidx_note_author_notes_i_fd22a0 ON public.note_authors USING btree (notes_id, author_id);


--
-- Name: note_authors note_authors_author_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.note_authors
    ADD CONSTRAINT note_authors_author_id_fkey FOREIGN KEY (author_id) REFERENCES public.authors(id) ON DELETE CASCADE;


--
-- Name: note_authors note_authors_notes_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.note_authors
    ADD CONSTRAINT note_authors_notes_id_fkey FOREIGN KEY (notes_id) REFERENCES public.notes(id) ON DELETE CASCADE;


--
-- Name: notes notes_owner_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notes
    ADD CONSTRAINT notes_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES public.authors(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--


