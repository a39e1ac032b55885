-- Trigram indexes make "contains" searches on names and serials use an index.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
