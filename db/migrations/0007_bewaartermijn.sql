ALTER TABLE "meldingen" ADD COLUMN "geanonimiseerd_op" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "meldingen_te_anonimiseren_idx" ON "meldingen" USING btree ("gesloten_at") WHERE "meldingen"."geanonimiseerd_op" is null;--> statement-breakpoint
-- audit_log stays append-only for its facts; the retention rule and an erasure (AVG art. 17) may blank the
-- free text of a row (the reason column, and the free-text keys older rows carry in `na`: keys may only be
-- removed from it) and nothing else.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.reden IS NULL
     AND (NEW.na IS NOT DISTINCT FROM OLD.na OR (NEW.na IS NOT NULL AND OLD.na IS NOT NULL AND NEW.na <@ OLD.na))
     AND (to_jsonb(NEW) - 'reden' - 'na') = (to_jsonb(OLD) - 'reden' - 'na') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
