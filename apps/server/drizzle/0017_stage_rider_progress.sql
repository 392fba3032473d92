CREATE TABLE "stage_rider_progress" (
	"stage_id" uuid NOT NULL,
	"registration_id" uuid NOT NULL,
	"basis" text NOT NULL,
	"through_ms" bigint,
	"late_from_ms" bigint,
	"progress" text NOT NULL,
	CONSTRAINT "stage_rider_progress_stage_id_registration_id_pk" PRIMARY KEY("stage_id","registration_id")
);
--> statement-breakpoint
ALTER TABLE "stage_rider_progress" ADD CONSTRAINT "stage_rider_progress_stage_id_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."stages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_rider_progress" ADD CONSTRAINT "stage_rider_progress_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stage_rider_progress_registration_idx" ON "stage_rider_progress" USING btree ("registration_id");