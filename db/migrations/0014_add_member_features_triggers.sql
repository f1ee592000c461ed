-- member_features holds a copy of each member's profile columns (status, home store, demographics) so that a
-- segment count reads one table: scope and profile conditions need no join to members. Statement-level
-- triggers with transition tables keep the copy in the same transaction as the change (a COPY of a million
-- members costs one INSERT ... SELECT), and give every new member a row at once, with empty behaviour
-- columns (as_of null) until db/queries/features computes them.
CREATE FUNCTION member_features_on_member_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO member_features (member_id, status, home_store_id, joined_at, birth_date, city, country_code, postcode, locale, has_email, has_phone)
  SELECT n.id, n.status, n.home_store_id, n.joined_at, n.birth_date, n.city, n.country_code, n.postcode, n.locale,
         n.email IS NOT NULL, n.phone IS NOT NULL
    FROM new_rows n
   ORDER BY n.id
  ON CONFLICT (member_id) DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER member_features_on_member_insert AFTER INSERT ON members
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_features_on_member_insert();
--> statement-breakpoint
CREATE FUNCTION member_features_on_member_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE member_features f
     SET status = n.status, home_store_id = n.home_store_id, joined_at = n.joined_at, birth_date = n.birth_date,
         city = n.city, country_code = n.country_code, postcode = n.postcode, locale = n.locale,
         has_email = n.email IS NOT NULL, has_phone = n.phone IS NOT NULL
    FROM new_rows n
   WHERE f.member_id = n.id
     AND (f.status, f.home_store_id, f.joined_at, f.birth_date, f.city, f.country_code, f.postcode, f.locale, f.has_email, f.has_phone)
         IS DISTINCT FROM
         (n.status, n.home_store_id, n.joined_at, n.birth_date, n.city, n.country_code, n.postcode, n.locale, n.email IS NOT NULL, n.phone IS NOT NULL);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER member_features_on_member_update AFTER UPDATE ON members
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_features_on_member_update();
--> statement-breakpoint
-- Members that exist before this migration get their row; `npm run features:rebuild` then computes their
-- behaviour columns (the demo seed does it itself).
INSERT INTO member_features (member_id, status, home_store_id, joined_at, birth_date, city, country_code, postcode, locale, has_email, has_phone)
SELECT id, status, home_store_id, joined_at, birth_date, city, country_code, postcode, locale, email IS NOT NULL, phone IS NOT NULL
  FROM members
ON CONFLICT (member_id) DO NOTHING;
