-- Back to signing in through a login that reads the accounts itself.
DROP FUNCTION helpdesk_register(text, text, text, text);
DROP FUNCTION helpdesk_refused_sign_in(text, boolean);
DROP FUNCTION helpdesk_sign_in_name(text);
DROP FUNCTION helpdesk_has_accounts();
DROP FUNCTION helpdesk_now_ms();
GRANT EXECUTE ON FUNCTION helpdesk_account(integer), helpdesk_next_ticket_number() TO PUBLIC;
DROP POLICY guest_read ON seaql_migrations;
REVOKE ALL ON seaql_migrations FROM @key@_guest;
REVOKE ALL ON SCHEMA public FROM @key@_guest;
REVOKE ALL ON DATABASE @database@ FROM @key@_guest;
DROP ROLE @key@_guest;
