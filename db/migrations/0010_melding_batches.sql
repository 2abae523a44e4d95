CREATE TABLE "melding_batches" (
	"melding_id" uuid NOT NULL,
	"versie" integer NOT NULL,
	"batch" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "melding_batches_pkey" PRIMARY KEY("melding_id","versie")
);
--> statement-breakpoint
ALTER TABLE "melding_batches" ADD CONSTRAINT "melding_batches_melding_id_meldingen_id_fk" FOREIGN KEY ("melding_id") REFERENCES "public"."meldingen"("id") ON DELETE cascade ON UPDATE no action;