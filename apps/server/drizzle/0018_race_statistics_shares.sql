CREATE TABLE "race_statistics_shares" (
	"race_id" uuid PRIMARY KEY NOT NULL,
	"basis" text NOT NULL,
	"share" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "race_statistics_shares" ADD CONSTRAINT "race_statistics_shares_race_id_races_id_fk" FOREIGN KEY ("race_id") REFERENCES "public"."races"("id") ON DELETE cascade ON UPDATE no action;