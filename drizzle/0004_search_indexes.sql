DROP INDEX "equipment_serial_key_idx";--> statement-breakpoint
CREATE INDEX "customers_business_name_trgm_idx" ON "customers" USING gin ("business_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "sites_region_code_index" ON "sites" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "sites_comune_name_trgm_idx" ON "sites" USING gin ("comune_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "equipment_serial_key_prefix_idx" ON "equipment" USING btree ("serial_key" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "equipment_serial_key_trgm_idx" ON "equipment" USING gin ("serial_key" gin_trgm_ops);