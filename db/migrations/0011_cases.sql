CREATE TABLE "case_verhalen" (
	"uitkomst_id" integer PRIMARY KEY NOT NULL,
	"deelbaar" boolean DEFAULT false NOT NULL,
	"verhaal" text,
	"bijgewerkt_door" integer,
	"bijgewerkt_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_verhalen_deelbaar_check" CHECK (not "case_verhalen"."deelbaar" or coalesce(length("case_verhalen"."verhaal"), 0) > 0)
);
--> statement-breakpoint
CREATE TABLE "naam_toestemmingen" (
	"melding_id" uuid PRIMARY KEY NOT NULL,
	"naam_tonen" boolean NOT NULL,
	"gegeven_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "weekrapport_ontvangers" (
	"medewerker_id" integer PRIMARY KEY NOT NULL,
	"aan" boolean NOT NULL,
	"bijgewerkt_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "case_verhalen" ADD CONSTRAINT "case_verhalen_uitkomst_id_uitkomsten_id_fk" FOREIGN KEY ("uitkomst_id") REFERENCES "public"."uitkomsten"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_verhalen" ADD CONSTRAINT "case_verhalen_bijgewerkt_door_medewerkers_id_fk" FOREIGN KEY ("bijgewerkt_door") REFERENCES "public"."medewerkers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "naam_toestemmingen" ADD CONSTRAINT "naam_toestemmingen_melding_id_meldingen_id_fk" FOREIGN KEY ("melding_id") REFERENCES "public"."meldingen"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "weekrapport_ontvangers" ADD CONSTRAINT "weekrapport_ontvangers_medewerker_id_medewerkers_id_fk" FOREIGN KEY ("medewerker_id") REFERENCES "public"."medewerkers"("id") ON DELETE cascade ON UPDATE no action;