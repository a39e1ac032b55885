CREATE TABLE "receivables" (
	"id" uuid PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"document_number" text NOT NULL,
	"document_date" date NOT NULL,
	"due_date" date NOT NULL,
	"amount_cents" bigint NOT NULL,
	"paid_cents" bigint DEFAULT 0 NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "receivables_source_customerId_documentNumber_dueDate_unique" UNIQUE("source","customer_id","document_number","due_date"),
	CONSTRAINT "receivables_paid_range" CHECK ("receivables"."paid_cents" >= 0 and "receivables"."paid_cents" <= "receivables"."amount_cents"),
	CONSTRAINT "receivables_amount_positive" CHECK ("receivables"."amount_cents" > 0)
);
--> statement-breakpoint
CREATE TABLE "map_settings" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"warning_minutes" integer DEFAULT 120 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "map_settings_single_row" CHECK ("map_settings"."id" = 1),
	CONSTRAINT "map_settings_warning_range" CHECK ("map_settings"."warning_minutes" between 5 and 1440)
);
--> statement-breakpoint
CREATE TABLE "wall_screens" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"area_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"rotate_seconds" integer,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "wall_screens_tokenHash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "receivables" ADD CONSTRAINT "receivables_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wall_screens" ADD CONSTRAINT "wall_screens_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "receivables_customer_id_due_date_index" ON "receivables" USING btree ("customer_id","due_date");