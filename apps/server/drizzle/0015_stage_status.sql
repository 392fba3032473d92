ALTER TABLE "stages" ADD COLUMN "status" text DEFAULT 'scheduled' NOT NULL;--> statement-breakpoint
-- Hand-written backfill (keep when regenerating): each existing stage's status from what was stored
-- before stages had one — approval makes it official, race control's finish flag finished, its start
-- flag running (neutralised or cancelled with its race); a stage never started in a race that ended
-- (results timed elsewhere) is finished, and one of a cancelled race is cancelled.
UPDATE "stages" AS s SET "status" = CASE
  WHEN EXISTS (SELECT 1 FROM "stage_approvals" AS a WHERE a."stage_id" = s."id") THEN 'official'
  WHEN s."finished_at" IS NOT NULL THEN 'finished'
  WHEN r."status" = 'cancelled' THEN 'cancelled'
  WHEN s."started_at" IS NOT NULL AND r."status" = 'neutralised' THEN 'neutralised'
  WHEN s."started_at" IS NOT NULL AND r."status" = 'live' THEN 'live'
  WHEN r."status" IN ('finished', 'official') THEN 'finished'
  ELSE 'scheduled'
END
FROM "races" AS r
WHERE r."id" = s."race_id";
