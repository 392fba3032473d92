CREATE TABLE "stage_track_summaries" (
	"stage_id" uuid PRIMARY KEY NOT NULL,
	"step_s" integer NOT NULL,
	"body" text NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stage_track_summaries" ADD CONSTRAINT "stage_track_summaries_stage_id_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."stages"("id") ON DELETE cascade ON UPDATE no action;