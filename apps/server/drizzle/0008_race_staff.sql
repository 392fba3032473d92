CREATE TABLE "race_staff" (
	"race_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"added_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "race_staff" ADD CONSTRAINT "race_staff_race_id_races_id_fk" FOREIGN KEY ("race_id") REFERENCES "public"."races"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "race_staff" ADD CONSTRAINT "race_staff_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "race_staff" ADD CONSTRAINT "race_staff_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "race_staff_race_user_uq" ON "race_staff" USING btree ("race_id","user_id");--> statement-breakpoint
CREATE INDEX "race_staff_user_idx" ON "race_staff" USING btree ("user_id");