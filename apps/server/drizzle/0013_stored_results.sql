CREATE TABLE "stage_result_sets" (
	"stage_id" uuid PRIMARY KEY NOT NULL,
	"race_id" uuid NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reason" text NOT NULL,
	"window_from_ms" bigint,
	"window_to_ms" bigint,
	"row_count" integer NOT NULL,
	"stale_since" timestamp with time zone,
	"stale_reason" text,
	"stale_by" uuid
);
--> statement-breakpoint
CREATE TABLE "stored_classifications" (
	"race_id" uuid NOT NULL,
	"after_stage" integer NOT NULL,
	"kind" text NOT NULL,
	"state" text NOT NULL,
	"stages" jsonb NOT NULL,
	"items" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stored_classifications_race_id_after_stage_kind_pk" PRIMARY KEY("race_id","after_stage","kind")
);
--> statement-breakpoint
CREATE TABLE "stored_stage_results" (
	"stage_id" uuid NOT NULL,
	"registration_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"bib" integer NOT NULL,
	"rank" integer,
	"time_ms" bigint,
	"status" text,
	"row" jsonb NOT NULL,
	"engine" jsonb NOT NULL,
	"evidence" jsonb NOT NULL,
	CONSTRAINT "stored_stage_results_stage_id_registration_id_pk" PRIMARY KEY("stage_id","registration_id")
);
--> statement-breakpoint
ALTER TABLE "stage_result_sets" ADD CONSTRAINT "stage_result_sets_stage_id_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."stages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_result_sets" ADD CONSTRAINT "stage_result_sets_race_id_races_id_fk" FOREIGN KEY ("race_id") REFERENCES "public"."races"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_result_sets" ADD CONSTRAINT "stage_result_sets_stale_by_users_id_fk" FOREIGN KEY ("stale_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stored_classifications" ADD CONSTRAINT "stored_classifications_race_id_races_id_fk" FOREIGN KEY ("race_id") REFERENCES "public"."races"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stored_stage_results" ADD CONSTRAINT "stored_stage_results_stage_id_stage_result_sets_stage_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."stage_result_sets"("stage_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stage_result_sets_race_idx" ON "stage_result_sets" USING btree ("race_id");