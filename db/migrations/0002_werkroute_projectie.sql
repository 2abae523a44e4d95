ALTER TABLE "meldingen" ADD COLUMN "projectie_versie" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "termijnen" ADD COLUMN "sleutel" text;--> statement-breakpoint
ALTER TABLE "termijnen" ADD COLUMN "te_laat_werkdagen" integer;--> statement-breakpoint
ALTER TABLE "termijnen" ADD COLUMN "overschreden_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "termijnen" ADD COLUMN "escalaties" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "termijnen" ADD CONSTRAINT "termijnen_sleutel_key" UNIQUE("sleutel");