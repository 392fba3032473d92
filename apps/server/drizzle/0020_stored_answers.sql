CREATE TABLE "stored_answers" (
	"key" text PRIMARY KEY NOT NULL,
	"race_id" uuid NOT NULL,
	"basis" text NOT NULL,
	"body" text NOT NULL,
	"br" "bytea",
	"gzip" "bytea",
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stored_answers" ADD CONSTRAINT "stored_answers_race_id_races_id_fk" FOREIGN KEY ("race_id") REFERENCES "public"."races"("id") ON DELETE cascade ON UPDATE no action;