CREATE TYPE "public"."report_mail_status" AS ENUM('pending', 'sent', 'failed', 'no_recipient');--> statement-breakpoint
CREATE TYPE "public"."report_outcome" AS ENUM('resolved', 'another_visit', 'needs_parts');--> statement-breakpoint
CREATE TABLE "field_report_mails" (
	"report_id" uuid PRIMARY KEY NOT NULL,
	"recipient" text,
	"status" "report_mail_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"message_id" text,
	"sent_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "field_report_parts" (
	"report_id" uuid NOT NULL,
	"line" smallint NOT NULL,
	"description" text NOT NULL,
	"quantity" numeric(12, 3) NOT NULL,
	"code" text,
	CONSTRAINT "field_report_parts_reportId_line_unique" UNIQUE("report_id","line")
);
--> statement-breakpoint
CREATE TABLE "field_report_photos" (
	"report_id" uuid NOT NULL,
	"line" smallint NOT NULL,
	"content_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	CONSTRAINT "field_report_photos_reportId_line_unique" UNIQUE("report_id","line")
);
--> statement-breakpoint
CREATE TABLE "field_report_readings" (
	"report_id" uuid NOT NULL,
	"reading_id" uuid NOT NULL,
	"line" smallint NOT NULL,
	CONSTRAINT "field_report_readings_reportId_line_unique" UNIQUE("report_id","line")
);
--> statement-breakpoint
CREATE TABLE "field_reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"call_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"supersedes_id" uuid,
	"correction_reason" text,
	"client_id" text NOT NULL,
	"submitted_by" uuid NOT NULL,
	"technician_id" uuid,
	"technician_name" text NOT NULL,
	"arrived_at" timestamp with time zone NOT NULL,
	"departed_at" timestamp with time zone NOT NULL,
	"work_done" text NOT NULL,
	"outcome" "report_outcome" NOT NULL,
	"labour_minutes" integer NOT NULL,
	"travel_minutes" integer NOT NULL,
	"signer_name" text NOT NULL,
	"customer_signature" "bytea" NOT NULL,
	"technician_signature" "bytea",
	"content" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"device_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "field_reports_call_version_uq" UNIQUE("call_id","version"),
	CONSTRAINT "field_reports_client_uq" UNIQUE("submitted_by","client_id"),
	CONSTRAINT "field_reports_minutes" CHECK ("field_reports"."labour_minutes" >= 0 and "field_reports"."travel_minutes" >= 0),
	CONSTRAINT "field_reports_times" CHECK ("field_reports"."departed_at" >= "field_reports"."arrived_at")
);
--> statement-breakpoint
ALTER TABLE "field_report_mails" ADD CONSTRAINT "field_report_mails_report_id_field_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."field_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "field_report_parts" ADD CONSTRAINT "field_report_parts_report_id_field_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."field_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "field_report_photos" ADD CONSTRAINT "field_report_photos_report_id_field_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."field_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "field_report_readings" ADD CONSTRAINT "field_report_readings_report_id_field_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."field_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "field_report_readings" ADD CONSTRAINT "field_report_readings_reading_id_meter_readings_id_fk" FOREIGN KEY ("reading_id") REFERENCES "public"."meter_readings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "field_reports" ADD CONSTRAINT "field_reports_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "field_reports" ADD CONSTRAINT "field_reports_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "field_reports" ADD CONSTRAINT "field_reports_technician_id_technicians_id_fk" FOREIGN KEY ("technician_id") REFERENCES "public"."technicians"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "field_report_readings_reading_id_index" ON "field_report_readings" USING btree ("reading_id");--> statement-breakpoint
CREATE INDEX "field_reports_call_id_index" ON "field_reports" USING btree ("call_id");