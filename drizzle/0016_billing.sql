CREATE TYPE "public"."invoice_line_kind" AS ENUM('fee', 'meter');--> statement-breakpoint
CREATE TYPE "public"."invoice_status" AS ENUM('draft', 'issued');--> statement-breakpoint
ALTER TYPE "public"."role" ADD VALUE 'backoffice';--> statement-breakpoint
CREATE TABLE "billed_periods" (
	"contract_id" uuid NOT NULL,
	"kind" "invoice_line_kind" NOT NULL,
	"meter_type" text DEFAULT '' NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"invoice_id" uuid NOT NULL,
	CONSTRAINT "billed_periods_contractId_kind_meterType_periodFrom_unique" UNIQUE("contract_id","kind","meter_type","period_from")
);
--> statement-breakpoint
CREATE TABLE "company_profile" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"business_name" text NOT NULL,
	"vat_number" char(11) NOT NULL,
	"fiscal_code" text,
	"regime_fiscale" text DEFAULT 'RF01' NOT NULL,
	"address" text NOT NULL,
	"cap" char(5) NOT NULL,
	"comune_name" text NOT NULL,
	"province" char(2) NOT NULL,
	"pec" text,
	"email" text,
	"phone" text,
	"iban" text,
	"default_vat_rate" numeric(5, 2) DEFAULT '22.00' NOT NULL,
	"billing_starts_on" date NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "company_profile_single_row" CHECK ("company_profile"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "invoice_lines" (
	"id" uuid PRIMARY KEY NOT NULL,
	"invoice_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"kind" "invoice_line_kind" NOT NULL,
	"description" text NOT NULL,
	"quantity" numeric(18, 8) NOT NULL,
	"unit_price" numeric(18, 8) NOT NULL,
	"vat_rate" numeric(5, 2) NOT NULL,
	"natura" text,
	"amount_cents" bigint NOT NULL,
	"period_from" date,
	"period_to" date,
	"contract_id" uuid,
	"meter_type" text DEFAULT '' NOT NULL,
	"equipment_id" uuid,
	"estimated" boolean DEFAULT false NOT NULL,
	CONSTRAINT "invoice_lines_invoiceId_lineNo_unique" UNIQUE("invoice_id","line_no")
);
--> statement-breakpoint
CREATE TABLE "invoice_sequences" (
	"year" integer PRIMARY KEY NOT NULL,
	"last_number" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"status" "invoice_status" DEFAULT 'draft' NOT NULL,
	"document_type" text DEFAULT 'TD01' NOT NULL,
	"customer_id" uuid NOT NULL,
	"contract_id" uuid,
	"year" integer,
	"sequence" integer,
	"number" text,
	"issue_date" date,
	"due_date" date,
	"taxable_cents" bigint DEFAULT 0 NOT NULL,
	"vat_cents" bigint DEFAULT 0 NOT NULL,
	"total_cents" bigint DEFAULT 0 NOT NULL,
	"seller_snapshot" jsonb,
	"buyer_snapshot" jsonb,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"issued_by" uuid,
	"issued_at" timestamp with time zone,
	CONSTRAINT "invoices_number_unique" UNIQUE("number"),
	CONSTRAINT "invoices_year_sequence_unique" UNIQUE("year","sequence")
);
--> statement-breakpoint
ALTER TABLE "billed_periods" ADD CONSTRAINT "billed_periods_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billed_periods" ADD CONSTRAINT "billed_periods_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_equipment_id_equipment_id_fk" FOREIGN KEY ("equipment_id") REFERENCES "public"."equipment"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "billed_periods_invoice_id_index" ON "billed_periods" USING btree ("invoice_id");--> statement-breakpoint
CREATE INDEX "invoice_lines_contract_id_kind_meter_type_period_from_index" ON "invoice_lines" USING btree ("contract_id","kind","meter_type","period_from");--> statement-breakpoint
CREATE INDEX "invoices_customer_id_index" ON "invoices" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "invoices_status_index" ON "invoices" USING btree ("status");--> statement-breakpoint
CREATE INDEX "invoices_contract_id_index" ON "invoices" USING btree ("contract_id");