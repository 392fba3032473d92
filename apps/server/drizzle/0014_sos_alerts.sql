CREATE TABLE "sos_alerts" (
	"registration_id" uuid NOT NULL,
	"time_ms" bigint NOT NULL,
	"lat" double precision,
	"lon" double precision,
	"accuracy_m" real,
	"position_refused" text,
	"source" text NOT NULL,
	"received_ms" bigint NOT NULL,
	CONSTRAINT "sos_alerts_registration_id_time_ms_pk" PRIMARY KEY("registration_id","time_ms")
);
--> statement-breakpoint
ALTER TABLE "sos_alerts" ADD CONSTRAINT "sos_alerts_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE cascade ON UPDATE no action;