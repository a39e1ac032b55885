-- PostGIS must exist before any geometry column; drizzle-kit never writes CREATE EXTENSION.
CREATE EXTENSION IF NOT EXISTS postgis;
