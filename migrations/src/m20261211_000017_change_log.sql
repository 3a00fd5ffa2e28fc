-- Live work on a team desk: every change to what the screens show (a ticket and its conversation,
-- an account, a department, the settings) is logged for a few minutes, by ids alone, never text,
-- and announced on the desk's channel by its log id. Each desktop reads the log after the last id
-- it saw through its own login, so row-level security decides what it learns: a customer's
-- desktop reads only changes to their own tickets' public side. The announcement itself carries
-- nothing but that number (any login may listen on any channel).
CREATE TABLE change_log (
  id bigserial PRIMARY KEY,
  topic text NOT NULL,
  item_id integer NOT NULL,
  ticket_requester integer,
  internal boolean NOT NULL DEFAULT false,
  created_at bigint NOT NULL DEFAULT helpdesk_now_ms()
);
ALTER TABLE change_log OWNER TO @key@_owner;
ALTER TABLE change_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE change_log FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON change_log TO @key@_owner USING (true) WITH CHECK (true);
CREATE POLICY staff_read ON change_log FOR SELECT TO @key@_agent, @key@_admin USING (true);
CREATE POLICY own_read ON change_log FOR SELECT TO @key@_customer
  USING ((topic = 'ticket' AND ticket_requester = (SELECT helpdesk_me()) AND NOT internal) OR topic = 'department');
GRANT SELECT ON change_log TO @key@_customer, @key@_agent, @key@_admin;

CREATE FUNCTION helpdesk_log_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp AS $$
DECLARE
  changed jsonb := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
  entry bigint;
BEGIN
  IF TG_TABLE_NAME = 'tickets' THEN
    INSERT INTO change_log (topic, item_id, ticket_requester)
      VALUES ('ticket', (changed->>'id')::integer, (changed->>'requester_id')::integer) RETURNING id INTO entry;
  ELSIF TG_TABLE_NAME = 'comments' THEN
    -- A comment deleted with its ticket logs nothing more: the ticket's deletion says it.
    INSERT INTO change_log (topic, item_id, ticket_requester, internal)
      SELECT 'ticket', t.id, t.requester_id, (changed->>'internal')::boolean FROM tickets t
      WHERE t.id = (changed->>'ticket_id')::integer RETURNING id INTO entry;
  ELSE
    INSERT INTO change_log (topic, item_id)
      VALUES (CASE TG_TABLE_NAME WHEN 'users' THEN 'user' WHEN 'departments' THEN 'department' ELSE 'setting' END,
              coalesce((changed->>'id')::integer, 0)) RETURNING id INTO entry;
  END IF;
  IF entry IS NOT NULL THEN
    PERFORM pg_notify('@key@_changes', entry::text);
    -- The log is for catching up after a short outage: entries older than ten minutes go.
    IF entry % 100 = 0 THEN
      DELETE FROM change_log WHERE created_at < helpdesk_now_ms() - 600000;
    END IF;
  END IF;
  RETURN NULL;
END $$;
ALTER FUNCTION helpdesk_log_change() OWNER TO @key@_owner;
REVOKE ALL ON FUNCTION helpdesk_log_change() FROM PUBLIC;

CREATE TRIGGER tickets_change_log AFTER INSERT OR UPDATE OR DELETE ON tickets
  FOR EACH ROW EXECUTE FUNCTION helpdesk_log_change();
CREATE TRIGGER comments_change_log AFTER INSERT OR UPDATE OR DELETE ON comments
  FOR EACH ROW EXECUTE FUNCTION helpdesk_log_change();
CREATE TRIGGER users_change_log AFTER INSERT OR UPDATE OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION helpdesk_log_change();
CREATE TRIGGER departments_change_log AFTER INSERT OR UPDATE OR DELETE ON departments
  FOR EACH ROW EXECUTE FUNCTION helpdesk_log_change();
CREATE TRIGGER settings_change_log AFTER INSERT OR UPDATE OR DELETE ON settings
  FOR EACH ROW EXECUTE FUNCTION helpdesk_log_change();
