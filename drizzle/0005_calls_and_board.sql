CREATE TYPE "public"."call_status" AS ENUM('new', 'assigned', 'confirmed', 'travelling', 'on_site', 'completed', 'closed', 'on_hold', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."call_type" AS ENUM('breakdown', 'scheduled_maintenance', 'installation', 'other');--> statement-breakpoint
CREATE TYPE "public"."assignment_status" AS ENUM('planned', 'confirmed');--> statement-breakpoint
CREATE TABLE "call_status_history" (
	"id" uuid PRIMARY KEY NOT NULL,
	"call_id" uuid NOT NULL,
	"from_status" "call_status",
	"to_status" "call_status" NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"device_at" timestamp with time zone,
	"by_user" uuid,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "calls" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	"customer_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"equipment_id" uuid,
	"contract_id" uuid,
	"sla_level_id" uuid,
	"priority" "priority" NOT NULL,
	"type" "call_type" NOT NULL,
	"status" "call_status" DEFAULT 'new' NOT NULL,
	"description" text NOT NULL,
	"required_skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"estimated_minutes" integer DEFAULT 60 NOT NULL,
	"preferred_from" timestamp with time zone,
	"preferred_to" timestamp with time zone,
	"contact_name" text,
	"contact_phone" text,
	"acknowledge_due" timestamp with time zone,
	"onsite_due" timestamp with time zone,
	"resolution_due" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid,
	"status_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calls_number_unique" UNIQUE("number"),
	CONSTRAINT "calls_year_seq_unique" UNIQUE("year","seq")
);
--> statement-breakpoint
CREATE TABLE "assignments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"day" date NOT NULL,
	"call_id" uuid NOT NULL,
	"technician_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"status" "assignment_status" NOT NULL,
	"note" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unavailability" (
	"id" uuid PRIMARY KEY NOT NULL,
	"day" date NOT NULL,
	"technician_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "yjs_snapshots" (
	"doc_name" text PRIMARY KEY NOT NULL,
	"state" "bytea" NOT NULL,
	"up_to_update_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "call_status_history" ADD CONSTRAINT "call_status_history_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_status_history" ADD CONSTRAINT "call_status_history_by_user_users_id_fk" FOREIGN KEY ("by_user") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_equipment_id_equipment_id_fk" FOREIGN KEY ("equipment_id") REFERENCES "public"."equipment"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_sla_level_id_sla_levels_id_fk" FOREIGN KEY ("sla_level_id") REFERENCES "public"."sla_levels"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_technician_id_technicians_id_fk" FOREIGN KEY ("technician_id") REFERENCES "public"."technicians"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unavailability" ADD CONSTRAINT "unavailability_technician_id_technicians_id_fk" FOREIGN KEY ("technician_id") REFERENCES "public"."technicians"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "call_status_history_call_id_at_index" ON "call_status_history" USING btree ("call_id","at");--> statement-breakpoint
CREATE INDEX "calls_status_index" ON "calls" USING btree ("status");--> statement-breakpoint
CREATE INDEX "calls_customer_id_index" ON "calls" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "calls_site_id_index" ON "calls" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "calls_equipment_id_index" ON "calls" USING btree ("equipment_id");--> statement-breakpoint
CREATE INDEX "calls_onsite_due_index" ON "calls" USING btree ("onsite_due");--> statement-breakpoint
CREATE INDEX "assignments_day_index" ON "assignments" USING btree ("day");--> statement-breakpoint
CREATE INDEX "assignments_technician_id_starts_at_index" ON "assignments" USING btree ("technician_id","starts_at");--> statement-breakpoint
CREATE INDEX "assignments_call_id_index" ON "assignments" USING btree ("call_id");--> statement-breakpoint
CREATE INDEX "unavailability_day_index" ON "unavailability" USING btree ("day");--> statement-breakpoint
CREATE INDEX "unavailability_technician_id_starts_at_index" ON "unavailability" USING btree ("technician_id","starts_at");