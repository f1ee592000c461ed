-- Trigram indexes back the member search ("contains" on names and e-mail).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
