-- A submission probed every location of every employer (sequential scan) and every gemeente by lower(naam).
-- Locations become unique per employer address; duplicates a concurrent race may have left are removed first
-- (nothing references vestigingen).
DELETE FROM "vestigingen" v USING "vestigingen" w
 WHERE v."werkgever_id" = w."werkgever_id" AND v."postcode" = w."postcode" AND v."huisnummer" = w."huisnummer"
   AND coalesce(lower(v."toevoeging"), '') = coalesce(lower(w."toevoeging"), '') AND v."id" > w."id";--> statement-breakpoint
DROP INDEX "vestigingen_werkgever_idx";--> statement-breakpoint
CREATE INDEX "gemeenten_naam_lower_idx" ON "gemeenten" USING btree (lower("naam"));--> statement-breakpoint
CREATE UNIQUE INDEX "vestigingen_adres_key" ON "vestigingen" USING btree ("werkgever_id","postcode","huisnummer",coalesce(lower("toevoeging"), ''));
