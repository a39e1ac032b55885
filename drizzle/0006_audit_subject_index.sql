DROP INDEX "audit_log_action_index";--> statement-breakpoint
CREATE INDEX "audit_log_action_subject_index" ON "audit_log" USING btree ("action","subject");