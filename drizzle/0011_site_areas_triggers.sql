-- site_areas is derived data: which areas contain each site's location. It is kept by triggers,
-- not by a service, because sites are written by several modules (sites service, CSV import,
-- bulk seeds with multi-row INSERT) and areas by the areas service and the reference-data
-- loader; a trigger cannot be bypassed by any of them. The site triggers are statement-level
-- with transition tables, so a bulk insert is one set-based join against the areas' GiST index.
CREATE INDEX IF NOT EXISTS "sites_location_gist_idx" ON "sites" USING gist ("location");
--> statement-breakpoint
CREATE OR REPLACE FUNCTION site_areas_after_site_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO site_areas (site_id, area_id)
	SELECT s.id, a.id FROM new_sites s JOIN areas a ON ST_Covers(a.geometry, s.location)
	ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION site_areas_after_site_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	-- Only sites whose location changed are recomputed (transition tables allow no column list).
	DELETE FROM site_areas sa USING new_sites n JOIN old_sites o ON o.id = n.id
	WHERE sa.site_id = n.id AND ST_AsEWKB(n.location) IS DISTINCT FROM ST_AsEWKB(o.location);
	INSERT INTO site_areas (site_id, area_id)
	SELECT n.id, a.id FROM new_sites n JOIN old_sites o ON o.id = n.id JOIN areas a ON ST_Covers(a.geometry, n.location)
	WHERE ST_AsEWKB(n.location) IS DISTINCT FROM ST_AsEWKB(o.location)
	ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION site_areas_after_area_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' THEN
		DELETE FROM site_areas WHERE area_id = NEW.id;
	END IF;
	INSERT INTO site_areas (site_id, area_id)
	SELECT s.id, NEW.id FROM sites s WHERE ST_Covers(NEW.geometry, s.location)
	ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER site_areas_on_site_insert AFTER INSERT ON sites
	REFERENCING NEW TABLE AS new_sites FOR EACH STATEMENT EXECUTE FUNCTION site_areas_after_site_insert();
--> statement-breakpoint
CREATE TRIGGER site_areas_on_site_update AFTER UPDATE ON sites
	REFERENCING OLD TABLE AS old_sites NEW TABLE AS new_sites FOR EACH STATEMENT EXECUTE FUNCTION site_areas_after_site_update();
--> statement-breakpoint
CREATE TRIGGER site_areas_on_area_change AFTER INSERT OR UPDATE OF geometry ON areas
	FOR EACH ROW EXECUTE FUNCTION site_areas_after_area_change();
--> statement-breakpoint
INSERT INTO site_areas (site_id, area_id)
SELECT s.id, a.id FROM sites s JOIN areas a ON ST_Covers(a.geometry, s.location)
ON CONFLICT DO NOTHING;
