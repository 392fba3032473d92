CREATE TABLE "stage_results" (
	"stage_id" uuid NOT NULL,
	"registration_id" uuid NOT NULL,
	"time_s" double precision,
	"bonus_s" double precision DEFAULT 0 NOT NULL,
	"penalty_s" double precision DEFAULT 0 NOT NULL,
	"status" text,
	"position" integer NOT NULL,
	"source" text NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stage_results_stage_id_registration_id_pk" PRIMARY KEY("stage_id","registration_id")
);
--> statement-breakpoint
ALTER TABLE "stage_results" ADD CONSTRAINT "stage_results_stage_id_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."stages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_results" ADD CONSTRAINT "stage_results_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE cascade ON UPDATE no action;