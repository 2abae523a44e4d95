CREATE TABLE "regio_partners" (
	"regio_code" text NOT NULL,
	"soort" text NOT NULL,
	"naam" text NOT NULL,
	"email" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "regio_partners_soort_check" CHECK ("regio_partners"."soort" in ('vno_ncw_mkb', 'pow_regisseur')),
	CONSTRAINT "regio_partners_email_check" CHECK ("regio_partners"."email" ~ '^[^@[:space:]]+@[^@[:space:]]+$')
);
--> statement-breakpoint
ALTER TABLE "regio_partners" ADD CONSTRAINT "regio_partners_regio_code_regios_code_fk" FOREIGN KEY ("regio_code") REFERENCES "public"."regios"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "regio_partners_regio_soort_key" ON "regio_partners" USING btree ("regio_code","soort");