CREATE TABLE "start_times" (
	"stage_id" uuid NOT NULL,
	"registration_id" uuid NOT NULL,
	"start_at" bigint NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "start_times_stage_id_registration_id_pk" PRIMARY KEY("stage_id","registration_id")
);
--> statement-breakpoint
ALTER TABLE "passings" DROP CONSTRAINT "passings_stage_id_registration_id_checkpoint_id_pk";--> statement-breakpoint
ALTER TABLE "decisions" ALTER COLUMN "registration_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "passings" ADD COLUMN "lap" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "passings" ADD CONSTRAINT "passings_stage_id_registration_id_checkpoint_id_lap_pk" PRIMARY KEY("stage_id","registration_id","checkpoint_id","lap");--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "checkpoint_id" uuid;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "distance_m" double precision;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "laps" integer;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "same_group_as" integer;--> statement-breakpoint
ALTER TABLE "start_times" ADD CONSTRAINT "start_times_stage_id_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."stages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "start_times" ADD CONSTRAINT "start_times_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_checkpoint_id_checkpoints_id_fk" FOREIGN KEY ("checkpoint_id") REFERENCES "public"."checkpoints"("id") ON DELETE set null ON UPDATE no action;