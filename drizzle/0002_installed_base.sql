CREATE TYPE "public"."attribute_type" AS ENUM('text', 'integer', 'decimal', 'boolean', 'date', 'choice');--> statement-breakpoint
CREATE TYPE "public"."equipment_category" AS ENUM('copier_mono', 'copier_colour', 'printer', 'hvac', 'lift', 'other');--> statement-breakpoint
CREATE TYPE "public"."equipment_status" AS ENUM('active', 'under_repair', 'standby', 'decommissioned');--> statement-breakpoint
CREATE TYPE "public"."reading_kind" AS ENUM('normal', 'rollover', 'replacement', 'correction');--> statement-breakpoint
CREATE TYPE "public"."reading_source" AS ENUM('technician', 'customer', 'remote', 'estimated');--> statement-breakpoint
CREATE TYPE "public"."reading_status" AS ENUM('accepted', 'review', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."billing_timing" AS ENUM('advance', 'arrears');--> statement-breakpoint
CREATE TYPE "public"."contract_status" AS ENUM('draft', 'active', 'suspended', 'expired', 'terminated');--> statement-breakpoint
CREATE TYPE "public"."meter_pooling" AS ENUM('pooled', 'per_device');--> statement-breakpoint
CREATE TYPE "public"."patron_scope" AS ENUM('comune', 'province', 'none');--> statement-breakpoint
CREATE TYPE "public"."periodicity" AS ENUM('monthly', 'bimonthly', 'quarterly', 'annual');--> statement-breakpoint
CREATE TYPE "public"."priority" AS ENUM('low', 'medium', 'high');--> statement-breakpoint
CREATE TYPE "public"."tier_mode" AS ENUM('graduated', 'volume');--> statement-breakpoint
CREATE TABLE "comuni" (
	"istat" char(6) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"province" char(2) NOT NULL,
	"region_code" char(2) NOT NULL,
	"caps" text NOT NULL,
	"location" geometry(Point,4326) NOT NULL,
	"population" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"site_id" uuid,
	"name" text NOT NULL,
	"role" text,
	"phone" text,
	"email" text,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attribute_definitions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"category" "equipment_category" NOT NULL,
	"code" text NOT NULL,
	"label_it" text NOT NULL,
	"label_en" text NOT NULL,
	"type" "attribute_type" NOT NULL,
	"required" boolean DEFAULT false NOT NULL,
	"min_value" numeric(14, 4),
	"max_value" numeric(14, 4),
	"choices" text[],
	"unit" text,
	"sort_order" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "attribute_definitions_category_code_unique" UNIQUE("category","code")
);
--> statement-breakpoint
CREATE TABLE "equipment" (
	"id" uuid PRIMARY KEY NOT NULL,
	"model_id" uuid NOT NULL,
	"brand" text NOT NULL,
	"serial_number" text NOT NULL,
	"serial_key" text NOT NULL,
	"site_id" uuid NOT NULL,
	"status" "equipment_status" DEFAULT 'active' NOT NULL,
	"install_date" date,
	"warranty_end" date,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "equipment_models" (
	"id" uuid PRIMARY KEY NOT NULL,
	"brand" text NOT NULL,
	"model" text NOT NULL,
	"family" text,
	"category" "equipment_category" NOT NULL,
	"meter_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "equipment_models_brand_model_unique" UNIQUE("brand","model")
);
--> statement-breakpoint
CREATE TABLE "equipment_site_history" (
	"id" uuid PRIMARY KEY NOT NULL,
	"equipment_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"from_at" timestamp with time zone NOT NULL,
	"to_at" timestamp with time zone,
	"reason" text,
	"moved_by" uuid
);
--> statement-breakpoint
CREATE TABLE "meter_readings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"meter_id" uuid NOT NULL,
	"value" bigint NOT NULL,
	"read_at" timestamp with time zone NOT NULL,
	"source" "reading_source" NOT NULL,
	"kind" "reading_kind" DEFAULT 'normal' NOT NULL,
	"previous_meter_final_value" bigint,
	"valid_for_billing" boolean DEFAULT true NOT NULL,
	"status" "reading_status" DEFAULT 'accepted' NOT NULL,
	"review_reason" text,
	"corrects_reading_id" uuid,
	"reason" text,
	"entered_by" uuid,
	"api_key_id" uuid,
	"client_id" text,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meter_types" (
	"code" text PRIMARY KEY NOT NULL,
	"name_it" text NOT NULL,
	"name_en" text NOT NULL,
	"unit_it" text NOT NULL,
	"unit_en" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meters" (
	"id" uuid PRIMARY KEY NOT NULL,
	"equipment_id" uuid NOT NULL,
	"meter_type" text NOT NULL,
	"max_value" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meters_equipmentId_meterType_unique" UNIQUE("equipment_id","meter_type")
);
--> statement-breakpoint
CREATE TABLE "business_calendars" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"time_zone" text DEFAULT 'Europe/Rome' NOT NULL,
	"weekly_hours" jsonb NOT NULL,
	"cutoff_time" time,
	"national_holidays" boolean DEFAULT true NOT NULL,
	"patron_scope" "patron_scope" DEFAULT 'comune' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "business_calendars_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "calendar_closures" (
	"id" uuid PRIMARY KEY NOT NULL,
	"calendar_id" uuid NOT NULL,
	"day" date NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "calendar_closures_calendarId_day_unique" UNIQUE("calendar_id","day")
);
--> statement-breakpoint
CREATE TABLE "contract_equipment" (
	"id" uuid PRIMARY KEY NOT NULL,
	"contract_id" uuid NOT NULL,
	"equipment_id" uuid NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contract_terms" (
	"id" uuid PRIMARY KEY NOT NULL,
	"contract_id" uuid NOT NULL,
	"term_no" integer NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"renewed_automatically" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contract_terms_contractId_termNo_unique" UNIQUE("contract_id","term_no")
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"status" "contract_status" DEFAULT 'draft' NOT NULL,
	"periodicity" "periodicity" NOT NULL,
	"billing_timing" "billing_timing" DEFAULT 'advance' NOT NULL,
	"fee_per_period_cents" bigint DEFAULT 0 NOT NULL,
	"sla_level_id" uuid NOT NULL,
	"auto_renew" boolean DEFAULT false NOT NULL,
	"renewal_term_months" integer DEFAULT 12 NOT NULL,
	"notice_days" integer DEFAULT 90 NOT NULL,
	"notes" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contracts_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "meter_term_tiers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"meter_term_id" uuid NOT NULL,
	"from_units" bigint NOT NULL,
	"unit_price" numeric(14, 6) NOT NULL,
	CONSTRAINT "meter_term_tiers_meterTermId_fromUnits_unique" UNIQUE("meter_term_id","from_units")
);
--> statement-breakpoint
CREATE TABLE "meter_terms" (
	"id" uuid PRIMARY KEY NOT NULL,
	"contract_id" uuid NOT NULL,
	"meter_type" text NOT NULL,
	"included_per_period" bigint DEFAULT 0 NOT NULL,
	"pooling" "meter_pooling" DEFAULT 'pooled' NOT NULL,
	"tier_mode" "tier_mode" DEFAULT 'graduated' NOT NULL,
	"minimum_charge_cents" bigint DEFAULT 0 NOT NULL,
	"unit_price" numeric(14, 6) NOT NULL,
	CONSTRAINT "meter_terms_contractId_meterType_unique" UNIQUE("contract_id","meter_type")
);
--> statement-breakpoint
CREATE TABLE "patron_days" (
	"id" uuid PRIMARY KEY NOT NULL,
	"comune_istat" char(6),
	"province" char(2),
	"month" smallint NOT NULL,
	"day" smallint NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_levels" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"calendar_id" uuid NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sla_levels_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "sla_targets" (
	"sla_level_id" uuid NOT NULL,
	"priority" "priority" NOT NULL,
	"acknowledge_minutes" integer NOT NULL,
	"onsite_minutes" integer NOT NULL,
	"resolution_minutes" integer NOT NULL,
	CONSTRAINT "sla_targets_sla_level_id_priority_pk" PRIMARY KEY("sla_level_id","priority")
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"hash" text NOT NULL,
	"scopes" text[] NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "opening_hours" text;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "active" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment" ADD CONSTRAINT "equipment_model_id_equipment_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."equipment_models"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment" ADD CONSTRAINT "equipment_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_site_history" ADD CONSTRAINT "equipment_site_history_equipment_id_equipment_id_fk" FOREIGN KEY ("equipment_id") REFERENCES "public"."equipment"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_site_history" ADD CONSTRAINT "equipment_site_history_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_site_history" ADD CONSTRAINT "equipment_site_history_moved_by_users_id_fk" FOREIGN KEY ("moved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meter_readings" ADD CONSTRAINT "meter_readings_meter_id_meters_id_fk" FOREIGN KEY ("meter_id") REFERENCES "public"."meters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meter_readings" ADD CONSTRAINT "meter_readings_entered_by_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meter_readings" ADD CONSTRAINT "meter_readings_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meters" ADD CONSTRAINT "meters_equipment_id_equipment_id_fk" FOREIGN KEY ("equipment_id") REFERENCES "public"."equipment"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meters" ADD CONSTRAINT "meters_meter_type_meter_types_code_fk" FOREIGN KEY ("meter_type") REFERENCES "public"."meter_types"("code") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_closures" ADD CONSTRAINT "calendar_closures_calendar_id_business_calendars_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "public"."business_calendars"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_equipment" ADD CONSTRAINT "contract_equipment_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_equipment" ADD CONSTRAINT "contract_equipment_equipment_id_equipment_id_fk" FOREIGN KEY ("equipment_id") REFERENCES "public"."equipment"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_terms" ADD CONSTRAINT "contract_terms_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_sla_level_id_sla_levels_id_fk" FOREIGN KEY ("sla_level_id") REFERENCES "public"."sla_levels"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meter_term_tiers" ADD CONSTRAINT "meter_term_tiers_meter_term_id_meter_terms_id_fk" FOREIGN KEY ("meter_term_id") REFERENCES "public"."meter_terms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meter_terms" ADD CONSTRAINT "meter_terms_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meter_terms" ADD CONSTRAINT "meter_terms_meter_type_meter_types_code_fk" FOREIGN KEY ("meter_type") REFERENCES "public"."meter_types"("code") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_levels" ADD CONSTRAINT "sla_levels_calendar_id_business_calendars_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "public"."business_calendars"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_targets" ADD CONSTRAINT "sla_targets_sla_level_id_sla_levels_id_fk" FOREIGN KEY ("sla_level_id") REFERENCES "public"."sla_levels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "comuni_province_index" ON "comuni" USING btree ("province");--> statement-breakpoint
CREATE INDEX "comuni_region_code_index" ON "comuni" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "comuni_name_lower_idx" ON "comuni" USING btree (lower("name") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "contacts_customer_id_index" ON "contacts" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "contacts_site_id_index" ON "contacts" USING btree ("site_id");--> statement-breakpoint
CREATE UNIQUE INDEX "equipment_brand_serial_key_uq" ON "equipment" USING btree ("brand","serial_key");--> statement-breakpoint
CREATE INDEX "equipment_serial_key_idx" ON "equipment" USING btree ("serial_key");--> statement-breakpoint
CREATE INDEX "equipment_site_id_index" ON "equipment" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "equipment_model_id_index" ON "equipment" USING btree ("model_id");--> statement-breakpoint
CREATE INDEX "equipment_status_index" ON "equipment" USING btree ("status");--> statement-breakpoint
CREATE INDEX "equipment_models_category_index" ON "equipment_models" USING btree ("category");--> statement-breakpoint
CREATE INDEX "equipment_site_history_equipment_id_from_at_index" ON "equipment_site_history" USING btree ("equipment_id","from_at");--> statement-breakpoint
CREATE INDEX "meter_readings_meter_id_read_at_index" ON "meter_readings" USING btree ("meter_id","read_at");--> statement-breakpoint
CREATE INDEX "meter_readings_status_index" ON "meter_readings" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "meter_readings_client_uq" ON "meter_readings" USING btree ("api_key_id","client_id");--> statement-breakpoint
CREATE INDEX "contract_equipment_equipment_id_index" ON "contract_equipment" USING btree ("equipment_id");--> statement-breakpoint
CREATE INDEX "contract_equipment_contract_id_index" ON "contract_equipment" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "contract_terms_ends_on_index" ON "contract_terms" USING btree ("ends_on");--> statement-breakpoint
CREATE INDEX "contracts_customer_id_index" ON "contracts" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "contracts_status_index" ON "contracts" USING btree ("status");--> statement-breakpoint
CREATE INDEX "patron_days_comune_istat_index" ON "patron_days" USING btree ("comune_istat");--> statement-breakpoint
CREATE INDEX "patron_days_province_index" ON "patron_days" USING btree ("province");--> statement-breakpoint
CREATE INDEX "api_keys_revoked_at_index" ON "api_keys" USING btree ("revoked_at");