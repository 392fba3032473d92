CREATE TABLE "passings" (
	"stage_id" uuid NOT NULL,
	"registration_id" uuid NOT NULL,
	"checkpoint_id" uuid NOT NULL,
	"time_ms" bigint NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "passings_stage_id_registration_id_checkpoint_id_pk" PRIMARY KEY("stage_id","registration_id","checkpoint_id")
);
--> statement-breakpoint
ALTER TABLE "passings" ADD CONSTRAINT "passings_stage_id_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."stages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passings" ADD CONSTRAINT "passings_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passings" ADD CONSTRAINT "passings_checkpoint_id_checkpoints_id_fk" FOREIGN KEY ("checkpoint_id") REFERENCES "public"."checkpoints"("id") ON DELETE cascade ON UPDATE no action;