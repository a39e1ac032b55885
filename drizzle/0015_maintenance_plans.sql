CREATE TYPE "public"."maintenance_kind" AS ENUM('interval', 'counter');--> statement-breakpoint
CREATE TABLE "maintenance_occurrences" (
	"id" uuid PRIMARY KEY NOT NULL,
	"plan_id" uuid NOT NULL,
	"occurrence" integer NOT NULL,
	"due_on" date,
	"threshold_usage" bigint,
	"call_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "maintenance_occurrences_planId_occurrence_unique" UNIQUE("plan_id","occurrence")
);
--> statement-breakpoint
CREATE TABLE "maintenance_plans" (
	"id" uuid PRIMARY KEY NOT NULL,
	"equipment_id" uuid NOT NULL,
	"kind" "maintenance_kind" NOT NULL,
	"description" text NOT NULL,
	"priority" "priority" DEFAULT 'low' NOT NULL,
	"estimated_minutes" integer DEFAULT 60 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"every_months" integer,
	"anchor_date" date,
	"lead_days" integer DEFAULT 7 NOT NULL,
	"meter_id" uuid,
	"every_units" bigint,
	"baseline_value" bigint,
	"baseline_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "maintenance_plans_kind_fields" CHECK (("maintenance_plans"."kind" = 'interval' and "maintenance_plans"."every_months" between 1 and 60 and "maintenance_plans"."anchor_date" is not null)
			 or ("maintenance_plans"."kind" = 'counter' and "maintenance_plans"."meter_id" is not null and "maintenance_plans"."every_units" > 0 and "maintenance_plans"."baseline_value" >= 0 and "maintenance_plans"."baseline_at" is not null)),
	CONSTRAINT "maintenance_plans_lead_days" CHECK ("maintenance_plans"."lead_days" between 0 and 60)
);
--> statement-breakpoint
ALTER TABLE "maintenance_occurrences" ADD CONSTRAINT "maintenance_occurrences_plan_id_maintenance_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."maintenance_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_occurrences" ADD CONSTRAINT "maintenance_occurrences_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_plans" ADD CONSTRAINT "maintenance_plans_equipment_id_equipment_id_fk" FOREIGN KEY ("equipment_id") REFERENCES "public"."equipment"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_plans" ADD CONSTRAINT "maintenance_plans_meter_id_meters_id_fk" FOREIGN KEY ("meter_id") REFERENCES "public"."meters"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_plans" ADD CONSTRAINT "maintenance_plans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "maintenance_occurrences_call_id_index" ON "maintenance_occurrences" USING btree ("call_id");--> statement-breakpoint
CREATE INDEX "maintenance_plans_equipment_id_index" ON "maintenance_plans" USING btree ("equipment_id");