-- skill_tokens on technicians and technician_positions is derived from technician_skills, so the
-- candidates' nearest-first scan can check "holds every required skill at its level" on the row it
-- is already reading (one array containment) instead of probing technician_skills per row. Kept by
-- triggers because skills are written by several paths (admin service, CSV import, seeds); the
-- skill triggers are statement-level with transition tables, so a bulk insert is one refresh.
-- Tokens: "code:level" for every level up to the one held ("hvac:1", "hvac:2" for level 2).
CREATE OR REPLACE FUNCTION refresh_skill_tokens(ids uuid[]) RETURNS void LANGUAGE sql AS $$
	WITH tokens AS (
		SELECT t.id,
		       coalesce((SELECT array_agg(ts.skill_code || ':' || g ORDER BY ts.skill_code, g)
		                   FROM technician_skills ts CROSS JOIN generate_series(1, ts.level) g
		                  WHERE ts.technician_id = t.id), '{}'::text[]) AS tokens
		  FROM technicians t
		 WHERE t.id = ANY (ids)
	), technicians_updated AS (
		UPDATE technicians t SET skill_tokens = tokens.tokens
		  FROM tokens WHERE t.id = tokens.id AND t.skill_tokens IS DISTINCT FROM tokens.tokens
	)
	UPDATE technician_positions p SET skill_tokens = tokens.tokens
	  FROM tokens WHERE p.technician_id = tokens.id AND p.skill_tokens IS DISTINCT FROM tokens.tokens;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION skill_tokens_after_skills_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM refresh_skill_tokens(ARRAY(SELECT DISTINCT technician_id FROM new_skills));
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION skill_tokens_after_skills_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM refresh_skill_tokens(ARRAY(SELECT technician_id FROM new_skills UNION SELECT technician_id FROM old_skills));
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION skill_tokens_after_skills_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM refresh_skill_tokens(ARRAY(SELECT DISTINCT technician_id FROM old_skills));
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER technician_skills_tokens_insert AFTER INSERT ON technician_skills
	REFERENCING NEW TABLE AS new_skills FOR EACH STATEMENT EXECUTE FUNCTION skill_tokens_after_skills_insert();
--> statement-breakpoint
CREATE TRIGGER technician_skills_tokens_update AFTER UPDATE ON technician_skills
	REFERENCING OLD TABLE AS old_skills NEW TABLE AS new_skills FOR EACH STATEMENT EXECUTE FUNCTION skill_tokens_after_skills_update();
--> statement-breakpoint
CREATE TRIGGER technician_skills_tokens_delete AFTER DELETE ON technician_skills
	REFERENCING OLD TABLE AS old_skills FOR EACH STATEMENT EXECUTE FUNCTION skill_tokens_after_skills_delete();
--> statement-breakpoint
-- A technician's first position row copies the tokens; later reports update the row in place
-- (ON CONFLICT DO UPDATE leaves skill_tokens alone) and skill changes refresh it above.
CREATE OR REPLACE FUNCTION technician_positions_copy_skill_tokens() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.skill_tokens := coalesce((SELECT skill_tokens FROM technicians WHERE id = NEW.technician_id), '{}'::text[]);
	RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER technician_positions_skill_tokens BEFORE INSERT ON technician_positions
	FOR EACH ROW EXECUTE FUNCTION technician_positions_copy_skill_tokens();
--> statement-breakpoint
SELECT refresh_skill_tokens(ARRAY(SELECT id FROM technicians));
