-- Signing in and registering on a team desk, before anyone has signed in: the desk's guest login,
-- whose password every desktop knows ('guest'), may connect and call the functions below and
-- nothing else. It reads no table: each function, run with the owner's rights, answers one thing.
-- The password's check itself is the server's, when the person's own login connects.
SET ROLE @key@_owner;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '@key@_guest') THEN
    CREATE ROLE @key@_guest LOGIN PASSWORD 'guest';
  END IF;
END $$;
RESET ROLE;
GRANT CONNECT ON DATABASE @database@ TO @key@_guest;
GRANT USAGE ON SCHEMA public TO @key@_guest;
-- Which migrations ran: a desktop older or newer than the desk says so before anyone signs in.
GRANT SELECT ON seaql_migrations TO @key@_guest;
CREATE POLICY guest_read ON seaql_migrations FOR SELECT TO @key@_guest USING (true);

-- Functions reach every role that may connect unless revoked; these two are for the desk's groups.
REVOKE ALL ON FUNCTION helpdesk_account(integer), helpdesk_next_ticket_number() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION helpdesk_account(integer), helpdesk_next_ticket_number()
  TO @key@_customer, @key@_agent, @key@_admin;

-- Now as the app keeps times: Unix milliseconds.
CREATE FUNCTION helpdesk_now_ms() RETURNS bigint LANGUAGE sql VOLATILE
  AS $$ SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint $$;
ALTER FUNCTION helpdesk_now_ms() OWNER TO @key@_owner;

-- Whether the desk has an account yet.
CREATE FUNCTION helpdesk_has_accounts() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp AS $$ SELECT EXISTS (SELECT 1 FROM users) $$;
ALTER FUNCTION helpdesk_has_accounts() OWNER TO @key@_owner;

-- The username of the account that signs in with `email` (NULL for none): a login is
-- named by its username.
CREATE FUNCTION helpdesk_sign_in_name(email text) RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp AS $$ SELECT username FROM users WHERE users.email = helpdesk_sign_in_name.email $$;
ALTER FUNCTION helpdesk_sign_in_name(text) OWNER TO @key@_owner;

-- A sign-in the server refused, at `typed` (a username or an email, as typed): a wrong password, or
-- a right one (`password_right`) for a login that may not log in. Counts as `ops::auth` does in a
-- file (MAX_FAILED_LOGINS, LOCKOUT_MS): five wrong passwords lock the account, or the name that
-- matches no account, for 15 minutes, audited. A right password once a lock ran out lifts it.
-- Answers 'wrong', 'locked', or 'lifted' (sign in again). Called in a write turn.
CREATE FUNCTION helpdesk_refused_sign_in(typed text, password_right boolean) RETURNS text LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  now_ms bigint := helpdesk_now_ms();
  lock_ends bigint := now_ms + 15 * 60 * 1000;
  account users%ROWTYPE;
BEGIN
  SELECT * INTO account FROM users u WHERE u.username = typed OR u.email = typed FOR UPDATE;
  IF NOT FOUND THEN
    DELETE FROM unknown_logins WHERE locked_until <= now_ms;
    IF EXISTS (SELECT 1 FROM unknown_logins n WHERE n.login = typed AND n.locked_until > now_ms) THEN
      RETURN 'locked';
    END IF;
    INSERT INTO unknown_logins AS n (login, failed_logins, locked_until) VALUES (typed, 1, NULL)
      ON CONFLICT (login) DO UPDATE SET failed_logins = n.failed_logins + 1;
    UPDATE unknown_logins n SET failed_logins = 0, locked_until = lock_ends WHERE n.login = typed AND n.failed_logins >= 5;
    IF NOT FOUND THEN
      RETURN 'wrong';
    END IF;
    INSERT INTO audit_log (actor_id, actor_name, action, target, created_at)
      VALUES (0, typed, 'user.locked', typed || ' after 5 wrong passwords', now_ms);
    RETURN 'locked';
  END IF;
  IF account.locked_until > now_ms THEN
    RETURN 'locked';
  END IF;
  IF password_right AND account.active THEN
    UPDATE users SET failed_logins = 0, locked_until = NULL, updated_at = now_ms WHERE id = account.id;
    RETURN 'lifted';
  END IF;
  UPDATE users SET failed_logins = failed_logins + 1 WHERE id = account.id;
  UPDATE users SET failed_logins = 0, locked_until = lock_ends WHERE id = account.id AND failed_logins >= 5;
  IF NOT FOUND THEN
    RETURN 'wrong';
  END IF;
  INSERT INTO audit_log (actor_id, actor_name, action, target, created_at)
    VALUES (account.id, account.display_name, 'user.locked', account.username || ' after 5 wrong passwords', now_ms);
  RETURN 'locked';
END $$;
ALTER FUNCTION helpdesk_refused_sign_in(text, boolean) OWNER TO @key@_owner;

-- A customer registers (the app checked the fields against its rules; `secret` is the password's
-- SCRAM-SHA-256 secret, made by the app), audited as the account itself: its id.
CREATE FUNCTION helpdesk_register(wanted_username text, wanted_email text, wanted_display_name text, secret text)
  RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  now_ms bigint := helpdesk_now_ms();
  account integer;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM users) THEN
    RAISE EXCEPTION 'this desk has no administrator yet' USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  IF wanted_username !~ '^[a-z0-9._-]{3,32}$' OR length(wanted_display_name) NOT BETWEEN 1 AND 100
      OR wanted_email !~ '^[^@\s]+@[^@\s]+$' OR length(wanted_email) > 254 THEN
    RAISE EXCEPTION 'an account''s fields as the app checks them' USING ERRCODE = 'check_violation';
  END IF;
  IF secret NOT LIKE 'SCRAM-SHA-256$%' THEN
    RAISE EXCEPTION 'a password is set as a SCRAM-SHA-256 secret' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  INSERT INTO users (username, email, display_name, password_hash, role, active, failed_logins, locked_until,
                     created_at, updated_at)
    VALUES (wanted_username, wanted_email, wanted_display_name, '', 'customer', true, 0, NULL, now_ms, now_ms)
    RETURNING id INTO account;
  EXECUTE format('ALTER ROLE %I PASSWORD %L VALID UNTIL %L', helpdesk_login_name(wanted_username), secret, 'infinity');
  INSERT INTO audit_log (actor_id, actor_name, action, target, created_at)
    VALUES (account, wanted_display_name, 'user.register',
            lower('customer ' || wanted_username || ' (' || wanted_display_name || ')'), now_ms);
  RETURN account;
END $$;
ALTER FUNCTION helpdesk_register(text, text, text, text) OWNER TO @key@_owner;

REVOKE ALL ON FUNCTION helpdesk_sign_in_name(text), helpdesk_refused_sign_in(text, boolean),
  helpdesk_register(text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION helpdesk_sign_in_name(text), helpdesk_register(text, text, text, text) TO @key@_guest;
-- A signed-in person's wrong password, given again to confirm a change, counts too.
GRANT EXECUTE ON FUNCTION helpdesk_refused_sign_in(text, boolean)
  TO @key@_guest, @key@_customer, @key@_agent, @key@_admin;
