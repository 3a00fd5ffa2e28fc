-- The desk's roles on its server (names start with the desk's key, @key@): the owner of every table
-- and function, which no desktop logs in as; a group for each of the app's roles; every account a
-- login of its own in its role's group (kept by a trigger on users). Row-level security, forced on
-- the owner too, mirrors the app's permission table, so a login reached with psql reads and writes
-- no more than the app lets that person.

-- Nobody but the owner creates anything here (a temporary table named like one of ours would be
-- read by the owner's functions before ours), and only the desk's groups connect.
REVOKE ALL ON DATABASE @database@ FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '@key@_owner') THEN
    CREATE ROLE @key@_owner NOLOGIN CREATEROLE;
  END IF;
END $$;
GRANT @key@_owner TO CURRENT_USER;
GRANT CREATE, USAGE ON SCHEMA public TO @key@_owner;
GRANT CONNECT ON DATABASE @database@ TO @key@_owner;

-- The groups are the owner's own, so that it may add its logins to them (PostgreSQL 16 asks the
-- role that grants a membership to hold the group's admin option; its creator does).
SET ROLE @key@_owner;
DO $$
DECLARE
  kind text;
BEGIN
  FOREACH kind IN ARRAY ARRAY['customer', 'agent', 'admin'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '@key@_' || kind) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', '@key@_' || kind);
    END IF;
  END LOOP;
END $$;
RESET ROLE;
GRANT CONNECT ON DATABASE @database@ TO @key@_customer, @key@_agent, @key@_admin;
GRANT USAGE ON SCHEMA public TO @key@_customer, @key@_agent, @key@_admin;

-- Everything made so far becomes the owner's.
DO $$
DECLARE
  item record;
BEGIN
  FOR item IN SELECT c.oid::regclass AS name FROM pg_class c
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') LOOP
    EXECUTE format('ALTER TABLE %s OWNER TO @key@_owner', item.name);
  END LOOP;
  FOR item IN SELECT p.oid::regprocedure AS name FROM pg_proc p
      WHERE p.pronamespace = 'public'::regnamespace
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e') LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO @key@_owner', item.name);
  END LOOP;
  FOR item IN SELECT cfg.oid::regconfig AS name FROM pg_ts_config cfg
      WHERE cfg.cfgnamespace = 'public'::regnamespace LOOP
    EXECUTE format('ALTER TEXT SEARCH CONFIGURATION %s OWNER TO @key@_owner', item.name);
  END LOOP;
  -- The triggers' upkeep (tallies, loads, search words) is written with the owner's rights:
  -- nobody writes those tables directly.
  FOR item IN SELECT p.oid::regprocedure AS name FROM pg_proc p
      WHERE p.pronamespace = 'public'::regnamespace AND p.prorettype = 'trigger'::regtype LOOP
    EXECUTE format('ALTER FUNCTION %s SECURITY DEFINER SET search_path = public, pg_temp', item.name);
  END LOOP;
END $$;

-- The desk's key, for the app and for whoever administers the server.
CREATE FUNCTION helpdesk_desk_key() RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT '@key@'::text $$;
ALTER FUNCTION helpdesk_desk_key() OWNER TO @key@_owner;

-- The login of an account: the desk's key, a dot, and the username.
CREATE FUNCTION helpdesk_login_name(username text) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT '@key@.' || username $$;
ALTER FUNCTION helpdesk_login_name(text) OWNER TO @key@_owner;

-- The account the connection's login belongs to (NULL for any other login). Read with the owner's
-- rights: a customer may not read the accounts table whole, but the policies ask whose row is whose.
CREATE FUNCTION helpdesk_me() RETURNS integer LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$ SELECT id FROM users WHERE username = substr(session_user, length('@key@.') + 1)
        AND left(session_user, length('@key@.')) = '@key@.' $$;
ALTER FUNCTION helpdesk_me() OWNER TO @key@_owner;

-- The next ticket's number, read across every ticket (a customer's login sees only their own): one
-- past the highest, 1001 on a new desk, as `store::tickets::insert` numbers them in a file.
CREATE FUNCTION helpdesk_next_ticket_number() RETURNS integer LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$ SELECT coalesce(max(number) + 1, 1001) FROM tickets $$;
ALTER FUNCTION helpdesk_next_ticket_number() OWNER TO @key@_owner;

-- Whether the connection's login is in the desk's group `kind` (a superuser is in none).
CREATE FUNCTION helpdesk_acting_as(kind text) RETURNS boolean LANGUAGE sql STABLE
  AS $$ SELECT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid
        WHERE r.rolname = '@key@_' || kind AND m.member = (SELECT oid FROM pg_roles WHERE rolname = session_user)) $$;
ALTER FUNCTION helpdesk_acting_as(text) OWNER TO @key@_owner;

-- An account whole, for its own login or for staff: a customer's login may read no email or
-- lockout of any account directly, their own included (column grants cannot tell rows apart).
CREATE FUNCTION helpdesk_account(account integer) RETURNS SETOF users LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$ SELECT * FROM users WHERE id = account
        AND (id = helpdesk_me() OR NOT helpdesk_acting_as('customer')) $$;
ALTER FUNCTION helpdesk_account(integer) OWNER TO @key@_owner;

-- Whether a username or an email is another account's (`except` is the account being edited), as
-- the app's forms say it: with the owner's rights, since a customer's login sees no other
-- customer's account.
CREATE FUNCTION helpdesk_taken(wanted_username text, wanted_email text, except_id integer)
  RETURNS TABLE (username boolean, email boolean) LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$ SELECT coalesce(bool_or(u.username = wanted_username), false), coalesce(bool_or(u.email = wanted_email), false)
        FROM users u WHERE (u.username = wanted_username OR u.email = wanted_email) AND u.id IS DISTINCT FROM except_id $$;
ALTER FUNCTION helpdesk_taken(text, text, integer) OWNER TO @key@_owner;

-- Every account is a login in its role's group, able to log in while active and not locked. A
-- login is made without a password, valid until the epoch, until one is set (below). A login left
-- by a dropped desk of the same name starts again from nothing.
CREATE FUNCTION helpdesk_make_login(username text, kind text, may_log_in boolean) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  login text := helpdesk_login_name(username);
  other text;
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN
    EXECUTE format('ALTER ROLE %I PASSWORD NULL VALID UNTIL %L', login, 'epoch');
    FOREACH other IN ARRAY ARRAY['customer', 'agent', 'admin'] LOOP
      EXECUTE format('REVOKE %I FROM %I', '@key@_' || other, login);
    END LOOP;
    EXECUTE format('GRANT %I TO %I', '@key@_' || kind, login);
  ELSE
    EXECUTE format('CREATE ROLE %I NOLOGIN VALID UNTIL %L IN ROLE %I', login, 'epoch', '@key@_' || kind);
  END IF;
  EXECUTE format('ALTER ROLE %I %s', login, CASE WHEN may_log_in THEN 'LOGIN' ELSE 'NOLOGIN' END);
END $$;
ALTER FUNCTION helpdesk_make_login(text, text, boolean) OWNER TO @key@_owner;
REVOKE ALL ON FUNCTION helpdesk_make_login(text, text, boolean) FROM PUBLIC;

CREATE FUNCTION helpdesk_account_login() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp AS $$
DECLARE
  login text;
BEGIN
  IF TG_OP = 'DELETE' THEN
    EXECUTE format('DROP ROLE IF EXISTS %I', helpdesk_login_name(OLD.username));
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM helpdesk_make_login(NEW.username, NEW.role, NEW.active AND NEW.locked_until IS NULL);
    RETURN NULL;
  END IF;
  login := helpdesk_login_name(NEW.username);
  IF NEW.username <> OLD.username THEN
    EXECUTE format('ALTER ROLE %I RENAME TO %I', helpdesk_login_name(OLD.username), login);
  END IF;
  IF NEW.role <> OLD.role THEN
    EXECUTE format('REVOKE %I FROM %I', '@key@_' || OLD.role, login);
    EXECUTE format('GRANT %I TO %I', '@key@_' || NEW.role, login);
  END IF;
  IF (NEW.active AND NEW.locked_until IS NULL) <> (OLD.active AND OLD.locked_until IS NULL) THEN
    EXECUTE format('ALTER ROLE %I %s', login,
      CASE WHEN NEW.active AND NEW.locked_until IS NULL THEN 'LOGIN' ELSE 'NOLOGIN' END);
  END IF;
  RETURN NULL;
END $$;
ALTER FUNCTION helpdesk_account_login() OWNER TO @key@_owner;
CREATE TRIGGER users_login AFTER INSERT OR DELETE OR UPDATE OF username, role, active, locked_until ON users
  FOR EACH ROW EXECUTE FUNCTION helpdesk_account_login();
-- The accounts of a desk made before logins get theirs (with no password: each is moved from the
-- account's Argon2 hash at its next right login, `ops::auth`).
SELECT helpdesk_make_login(username, role, active AND locked_until IS NULL) FROM users;

-- Sets an account's password as a SCRAM-SHA-256 secret (made by the app: the password itself never
-- reaches the server). An admin sets anyone's, everyone their own, an agent only that of a customer
-- or agent account that has none yet (one they are creating).
CREATE FUNCTION helpdesk_set_password(account integer, secret text) RETURNS void LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  target users%ROWTYPE;
  login text;
  unset boolean;
BEGIN
  SELECT * INTO target FROM users WHERE id = account;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no account %', account USING ERRCODE = 'no_data_found';
  END IF;
  login := helpdesk_login_name(target.username);
  SELECT rolvaliduntil = 'epoch' INTO unset FROM pg_roles WHERE rolname = login;
  IF NOT ((SELECT rolsuper FROM pg_roles WHERE rolname = session_user)
      OR helpdesk_acting_as('admin')
      OR account = helpdesk_me()
      OR (helpdesk_acting_as('agent') AND target.role IN ('customer', 'agent') AND unset)) THEN
    RAISE EXCEPTION 'permission denied to set the password of account %', account
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF secret NOT LIKE 'SCRAM-SHA-256$%' THEN
    RAISE EXCEPTION 'a password is set as a SCRAM-SHA-256 secret' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  EXECUTE format('ALTER ROLE %I PASSWORD %L VALID UNTIL %L', login, secret, 'infinity');
END $$;
ALTER FUNCTION helpdesk_set_password(integer, text) OWNER TO @key@_owner;
REVOKE ALL ON FUNCTION helpdesk_set_password(integer, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION helpdesk_set_password(integer, text) TO @key@_customer, @key@_agent, @key@_admin;

-- What a customer may change on their own ticket: title and description while it is open, closing
-- it, reopening it once resolved or closed; nothing else (its number, requester, assignee,
-- department or priority).
CREATE FUNCTION helpdesk_customer_ticket_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT helpdesk_acting_as('customer') THEN
    RETURN NEW;
  END IF;
  IF NEW.number <> OLD.number OR NEW.requester_id <> OLD.requester_id
      OR NEW.assignee_id IS DISTINCT FROM OLD.assignee_id OR NEW.department_id <> OLD.department_id
      OR NEW.priority <> OLD.priority OR NEW.created_at <> OLD.created_at
      OR ((NEW.title, NEW.description) IS DISTINCT FROM (OLD.title, OLD.description) AND OLD.status <> 'open')
      OR (NEW.status <> OLD.status
          AND NOT (NEW.status = 'closed' OR (NEW.status = 'open' AND OLD.status IN ('resolved', 'closed')))) THEN
    RAISE EXCEPTION 'a customer may not make this change to ticket %', OLD.number
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
ALTER FUNCTION helpdesk_customer_ticket_change() OWNER TO @key@_owner;
CREATE TRIGGER tickets_customer_change BEFORE UPDATE ON tickets
  FOR EACH ROW EXECUTE FUNCTION helpdesk_customer_ticket_change();

-- A customer searches the words of titles and public text (weights A and B) without being able to
-- read those of the notes: a column of their own, with its own index.
ALTER TABLE ticket_search ADD COLUMN public_words tsvector
  GENERATED ALWAYS AS (ts_filter(words, '{a,b}')) STORED;
CREATE INDEX idx_ticket_search_public_words ON ticket_search USING gin (public_words);

-- What each group may touch at all; the policies below choose the rows.
GRANT SELECT ON seaql_migrations, departments, settings, ticket_counts, assignee_counts, ticket_titles
  TO @key@_customer, @key@_agent, @key@_admin;
GRANT SELECT, INSERT, UPDATE ON tickets TO @key@_customer, @key@_agent, @key@_admin;
GRANT SELECT, INSERT ON comments, ticket_history TO @key@_customer, @key@_agent, @key@_admin;
GRANT INSERT ON audit_log TO @key@_customer, @key@_agent, @key@_admin;
GRANT SELECT ON ticket_search TO @key@_agent, @key@_admin;
GRANT SELECT (ticket_id, public_words) ON ticket_search TO @key@_customer;
-- A customer reads staff names, never anyone's email or lockout.
GRANT SELECT (id, username, display_name, role, active, active_tickets, last_assigned_at) ON users TO @key@_customer;
GRANT UPDATE (display_name, email, password_hash, failed_logins, locked_until, updated_at) ON users TO @key@_customer;
GRANT SELECT, INSERT, UPDATE ON users TO @key@_agent;
GRANT SELECT, INSERT, UPDATE, DELETE ON users, departments, tickets, comments, ticket_history TO @key@_admin;
GRANT SELECT ON audit_log TO @key@_admin;
GRANT UPDATE ON settings TO @key@_admin;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO @key@_customer, @key@_agent, @key@_admin;

DO $$
DECLARE
  name text;
BEGIN
  FOR name IN SELECT c.relname FROM pg_class c
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', name);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', name);
    EXECUTE format('CREATE POLICY owner_all ON %I TO @key@_owner USING (true) WITH CHECK (true)', name);
  END LOOP;
END $$;

CREATE POLICY read_all ON seaql_migrations FOR SELECT TO @key@_customer, @key@_agent, @key@_admin USING (true);
CREATE POLICY read_all ON departments FOR SELECT TO @key@_customer, @key@_agent, @key@_admin USING (true);
CREATE POLICY read_all ON settings FOR SELECT TO @key@_customer, @key@_agent, @key@_admin USING (true);
CREATE POLICY staff_read ON ticket_counts FOR SELECT TO @key@_agent, @key@_admin USING (true);
CREATE POLICY staff_read ON assignee_counts FOR SELECT TO @key@_agent, @key@_admin USING (true);
CREATE POLICY staff_read ON ticket_search FOR SELECT TO @key@_agent, @key@_admin USING (true);
CREATE POLICY own_read ON ticket_search FOR SELECT TO @key@_customer
  USING (ticket_id IN (SELECT id FROM tickets));
CREATE POLICY staff_read ON ticket_titles FOR SELECT TO @key@_agent, @key@_admin USING (true);
CREATE POLICY own_read ON ticket_titles FOR SELECT TO @key@_customer
  USING (ticket_id IN (SELECT id FROM tickets));

CREATE POLICY admin_all ON departments TO @key@_admin USING (true) WITH CHECK (true);
CREATE POLICY admin_all ON settings TO @key@_admin USING (true) WITH CHECK (true);

-- Accounts: staff read them all, a customer their own and the staff's; admins change any, agents
-- create customers and agents and change their own, customers their own.
CREATE POLICY admin_all ON users TO @key@_admin USING (true) WITH CHECK (true);
CREATE POLICY staff_read ON users FOR SELECT TO @key@_agent USING (true);
CREATE POLICY agent_create ON users FOR INSERT TO @key@_agent WITH CHECK (role IN ('customer', 'agent'));
CREATE POLICY agent_own ON users FOR UPDATE TO @key@_agent
  USING (id = (SELECT helpdesk_me())) WITH CHECK (id = (SELECT helpdesk_me()) AND role = 'agent' AND active);
CREATE POLICY customer_read ON users FOR SELECT TO @key@_customer
  USING (id = (SELECT helpdesk_me()) OR role IN ('agent', 'admin'));
CREATE POLICY customer_own ON users FOR UPDATE TO @key@_customer
  USING (id = (SELECT helpdesk_me())) WITH CHECK (id = (SELECT helpdesk_me()) AND role = 'customer' AND active);

-- Tickets: staff work every ticket (only admins delete them), a customer their own.
CREATE POLICY staff_all ON tickets FOR SELECT TO @key@_agent, @key@_admin USING (true);
CREATE POLICY staff_file ON tickets FOR INSERT TO @key@_agent, @key@_admin WITH CHECK (true);
CREATE POLICY staff_change ON tickets FOR UPDATE TO @key@_agent, @key@_admin USING (true) WITH CHECK (true);
CREATE POLICY admin_delete ON tickets FOR DELETE TO @key@_admin USING (true);
CREATE POLICY own_read ON tickets FOR SELECT TO @key@_customer USING (requester_id = (SELECT helpdesk_me()));
CREATE POLICY own_file ON tickets FOR INSERT TO @key@_customer WITH CHECK (requester_id = (SELECT helpdesk_me()));
CREATE POLICY own_change ON tickets FOR UPDATE TO @key@_customer
  USING (requester_id = (SELECT helpdesk_me())) WITH CHECK (requester_id = (SELECT helpdesk_me()));

-- The conversation: staff read and write all of it, a customer the public part of their own
-- tickets, answering while a ticket is not closed.
CREATE POLICY staff_all ON comments FOR SELECT TO @key@_agent, @key@_admin USING (true);
CREATE POLICY staff_write ON comments FOR INSERT TO @key@_agent, @key@_admin
  WITH CHECK (author_id = (SELECT helpdesk_me()));
CREATE POLICY admin_delete ON comments FOR DELETE TO @key@_admin USING (true);
CREATE POLICY own_read ON comments FOR SELECT TO @key@_customer
  USING (NOT internal AND ticket_id IN (SELECT id FROM tickets));
CREATE POLICY own_write ON comments FOR INSERT TO @key@_customer
  WITH CHECK (NOT internal AND author_id = (SELECT helpdesk_me())
    AND ticket_id IN (SELECT id FROM tickets WHERE status <> 'closed'));

CREATE POLICY staff_all ON ticket_history FOR SELECT TO @key@_agent, @key@_admin USING (true);
CREATE POLICY staff_write ON ticket_history FOR INSERT TO @key@_agent, @key@_admin
  WITH CHECK (actor_id = (SELECT helpdesk_me()));
CREATE POLICY admin_delete ON ticket_history FOR DELETE TO @key@_admin USING (true);
CREATE POLICY own_read ON ticket_history FOR SELECT TO @key@_customer USING (ticket_id IN (SELECT id FROM tickets));
CREATE POLICY own_write ON ticket_history FOR INSERT TO @key@_customer
  WITH CHECK (actor_id = (SELECT helpdesk_me()) AND ticket_id IN (SELECT id FROM tickets));

-- The audit log: everyone's own actions are written into it; only admins read it.
CREATE POLICY admin_read ON audit_log FOR SELECT TO @key@_admin USING (true);
CREATE POLICY own_entries ON audit_log FOR INSERT TO @key@_customer, @key@_agent, @key@_admin
  WITH CHECK (actor_id = (SELECT helpdesk_me()));
