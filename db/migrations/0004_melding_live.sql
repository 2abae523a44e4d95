CREATE TABLE "melding_live" (
	"melding_id" uuid PRIMARY KEY NOT NULL,
	"versie" integer NOT NULL,
	"weergave" jsonb NOT NULL,
	"opgehaald_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "melding_live" ADD CONSTRAINT "melding_live_melding_id_meldingen_id_fk" FOREIGN KEY ("melding_id") REFERENCES "public"."meldingen"("id") ON DELETE no action ON UPDATE no action;