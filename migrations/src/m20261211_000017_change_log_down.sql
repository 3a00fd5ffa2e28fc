-- Back to screens that read what they show when they open.
DROP TRIGGER settings_change_log ON settings;
DROP TRIGGER departments_change_log ON departments;
DROP TRIGGER users_change_log ON users;
DROP TRIGGER comments_change_log ON comments;
DROP TRIGGER tickets_change_log ON tickets;
DROP FUNCTION helpdesk_log_change();
DROP TABLE change_log;
