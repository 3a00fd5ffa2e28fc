-- Back to one login that owns and reads everything: the roles, logins and policies go.
DO $$
DECLARE
  item record;
BEGIN
  FOR item IN SELECT policyname, tablename FROM pg_policies WHERE schemaname = 'public' LOOP
    EXECUTE format('DROP POLICY %I ON %I', item.policyname, item.tablename);
  END LOOP;
  FOR item IN SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' LOOP
    EXECUTE format('ALTER TABLE %I NO FORCE ROW LEVEL SECURITY', item.relname);
    EXECUTE format('ALTER TABLE %I DISABLE ROW LEVEL SECURITY', item.relname);
  END LOOP;
  FOR item IN SELECT p.oid::regprocedure AS name FROM pg_proc p
      WHERE p.pronamespace = 'public'::regnamespace AND p.prorettype = 'trigger'::regtype LOOP
    EXECUTE format('ALTER FUNCTION %s SECURITY INVOKER RESET search_path', item.name);
  END LOOP;
  FOR item IN SELECT rolname FROM pg_roles WHERE starts_with(rolname, '@key@.') LOOP
    EXECUTE format('DROP ROLE %I', item.rolname);
  END LOOP;
END $$;

DROP TRIGGER tickets_customer_change ON tickets;
DROP FUNCTION helpdesk_customer_ticket_change();
DROP TRIGGER users_login ON users;
DROP FUNCTION helpdesk_account_login();
DROP FUNCTION helpdesk_make_login(text, text, boolean);
DROP FUNCTION helpdesk_set_password(integer, text);
DROP FUNCTION helpdesk_acting_as(text);
DROP FUNCTION helpdesk_account(integer);
DROP FUNCTION helpdesk_taken(text, text, integer);
DROP FUNCTION helpdesk_me();
DROP FUNCTION helpdesk_next_ticket_number();
DROP FUNCTION helpdesk_login_name(text);
DROP FUNCTION helpdesk_desk_key();

ALTER TABLE ticket_search DROP COLUMN public_words;

REASSIGN OWNED BY @key@_owner TO CURRENT_USER;
DROP OWNED BY @key@_owner, @key@_customer, @key@_agent, @key@_admin;
DROP ROLE @key@_customer, @key@_agent, @key@_admin, @key@_owner;
GRANT CONNECT, TEMPORARY ON DATABASE @database@ TO PUBLIC;
