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
-- Name: label_links; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.label_links (
    from_label_id integer NOT NULL,
    to_label_id integer NOT NULL
);


--
-- Name: TABLE label_links; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.label_links IS 'labels linked to this one';


--
-- Name: labels; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.labels (
    id integer NOT NULL,
    name character varying(50) NOT NULL
);


--
-- Name: labels_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.labels_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: labels_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.labels_id_seq OWNED BY public.labels.id;


--
-- Name: labels id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.labels ALTER COLUMN id SET DEFAULT nextval('public.labels_id_seq'::regclass);


--
-- Name: labels labels_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.labels
    ADD CONSTRAINT labels_name_key UNIQUE (name);


--
-- Name: labels labels_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.labels
    ADD CONSTRAINT labels_pkey PRIMARY KEY (id);


--
-- Name: uidx_label_links_from_la_3218d7; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX uidx_label_links_from_la_3218d7 ON public.label_links USING btree (from_label_id, to_label_id);


--
-- Name: label_links label_links_from_label_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.label_links
    ADD CONSTRAINT label_links_from_label_id_fkey FOREIGN KEY (from_label_id) REFERENCES public.labels(id) ON DELETE CASCADE;


--
-- Name: label_links label_links_to_label_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.label_links
    ADD CONSTRAINT label_links_to_label_id_fkey FOREIGN KEY (to_label_id) REFERENCES public.labels(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--


