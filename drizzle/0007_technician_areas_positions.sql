CREATE TYPE "public"."area_kind" AS ENUM('region', 'province', 'custom');--> statement-breakpoint
CREATE TYPE "public"."position_source" AS ENUM('phone', 'vehicle', 'home_base');--> statement-breakpoint
CREATE TABLE "technician_shifts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"technician_id" uuid NOT NULL,
	"weekday" smallint NOT NULL,
	"starts_at" time NOT NULL,
	"ends_at" time NOT NULL,
	CONSTRAINT "technician_shifts_weekday_range" CHECK ("technician_shifts"."weekday" between 1 and 7),
	CONSTRAINT "technician_shifts_order" CHECK ("technician_shifts"."starts_at" < "technician_shifts"."ends_at")
);
--> statement-breakpoint
CREATE TABLE "areas" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" "area_kind" NOT NULL,
	"code" text,
	"name" text NOT NULL,
	"geometry" geometry(MultiPolygon,4326) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "areas_kind_code_unique" UNIQUE("kind","code")
);
--> statement-breakpoint
CREATE TABLE "site_areas" (
	"site_id" uuid NOT NULL,
	"area_id" uuid NOT NULL,
	CONSTRAINT "site_areas_site_id_area_id_pk" PRIMARY KEY("site_id","area_id")
);
--> statement-breakpoint
CREATE TABLE "technician_areas" (
	"technician_id" uuid NOT NULL,
	"area_id" uuid NOT NULL,
	CONSTRAINT "technician_areas_technician_id_area_id_pk" PRIMARY KEY("technician_id","area_id")
);
--> statement-breakpoint
CREATE TABLE "position_history" (
	"technician_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"location" geometry(Point,4326) NOT NULL,
	"accuracy_meters" real,
	"heading_degrees" real,
	"speed_mps" real,
	"source" "position_source" NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "position_history_technician_id_recorded_at_pk" PRIMARY KEY("technician_id","recorded_at")
) PARTITION BY RANGE ("recorded_at");
--> statement-breakpoint
-- Day partitions are created ahead and dropped after the retention period by the positions job;
-- the default partition only catches what arrives before its day's partition exists.
CREATE TABLE "position_history_default" PARTITION OF "position_history" DEFAULT;
--> statement-breakpoint
CREATE TABLE "technician_positions" (
	"technician_id" uuid PRIMARY KEY NOT NULL,
	"location" geometry(Point,4326) NOT NULL,
	"accuracy_meters" real,
	"heading_degrees" real,
	"speed_mps" real,
	"source" "position_source" NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "technicians" ADD COLUMN "tracker_device_id" text;--> statement-breakpoint
ALTER TABLE "technician_shifts" ADD CONSTRAINT "technician_shifts_technician_id_technicians_id_fk" FOREIGN KEY ("technician_id") REFERENCES "public"."technicians"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_areas" ADD CONSTRAINT "site_areas_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_areas" ADD CONSTRAINT "site_areas_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technician_areas" ADD CONSTRAINT "technician_areas_technician_id_technicians_id_fk" FOREIGN KEY ("technician_id") REFERENCES "public"."technicians"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technician_areas" ADD CONSTRAINT "technician_areas_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "position_history" ADD CONSTRAINT "position_history_technician_id_technicians_id_fk" FOREIGN KEY ("technician_id") REFERENCES "public"."technicians"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technician_positions" ADD CONSTRAINT "technician_positions_technician_id_technicians_id_fk" FOREIGN KEY ("technician_id") REFERENCES "public"."technicians"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "technician_shifts_technician_id_weekday_index" ON "technician_shifts" USING btree ("technician_id","weekday");--> statement-breakpoint
CREATE INDEX "areas_geometry_idx" ON "areas" USING gist ("geometry");--> statement-breakpoint
CREATE INDEX "site_areas_area_id_index" ON "site_areas" USING btree ("area_id");--> statement-breakpoint
CREATE INDEX "technician_areas_area_id_index" ON "technician_areas" USING btree ("area_id");--> statement-breakpoint
CREATE INDEX "technician_positions_location_geog_idx" ON "technician_positions" USING gist (("location"::geography));--> statement-breakpoint
CREATE INDEX "technician_positions_recorded_at_index" ON "technician_positions" USING btree ("recorded_at");--> statement-breakpoint
ALTER TABLE "technicians" ADD CONSTRAINT "technicians_trackerDeviceId_unique" UNIQUE("tracker_device_id");