CREATE TABLE "inlog_blokkades" (
	"email_hash" text PRIMARY KEY NOT NULL,
	"mislukt" integer DEFAULT 0 NOT NULL,
	"geblokkeerd_tot" timestamp with time zone,
	"laatste_poging" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "inlog_blokkades_laatste_idx" ON "inlog_blokkades" USING btree ("laatste_poging");