//! How the app was launched. The desk: `--database` wins over `HELPDESK_DATABASE`, which wins over
//! the desk chosen on the start screen last time (this computer's file in the app-data directory,
//! or a team desk), so tests, the demo and team setups never touch a real profile by accident. Either names a file's path or a team desk's `postgres://` URL. `--demo` opens (and seeds) a separate demo database, always the demo file
//! in the app-data directory: seeding its known passwords into a desk named by `--database` would
//! hand that desk to anyone who read the README, so the two together are refused (and
//! `HELPDESK_DATABASE`, which may name the real desk, is passed over).
use std::ffi::OsString;
use std::path::Path;

use helpdesk_core::infra::database::DeskTarget;

pub const DATABASE_ENV: &str = "HELPDESK_DATABASE";
pub const DATABASE_FILE: &str = "helpdesk.sqlite3";
pub const DEMO_DATABASE_FILE: &str = "demo.sqlite3";
/// The folder in app data that keeps the certificate authorities connection files bring.
pub const CERTIFICATES_FOLDER: &str = "certificates";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Launch {
    /// The desk the launch names; none: the one chosen on the start screen.
    pub database: Option<DeskTarget>,
    pub demo: bool,
}

pub fn launch(
    args: impl IntoIterator<Item = OsString>,
    env_database: Option<OsString>,
    app_data_dir: &Path,
) -> Result<Launch, String> {
    let mut args = args.into_iter();
    let mut from_flag = None;
    let mut demo = false;
    while let Some(arg) = args.next() {
        if arg == "--demo" {
            demo = true;
        } else if arg == "--database" {
            from_flag = Some(args.next().ok_or("--database needs a file path or a postgres:// URL")?);
        } else if let Some(value) = arg.to_str().and_then(|a| a.strip_prefix("--database=")) {
            from_flag = Some(value.into());
        }
    }
    if demo {
        if from_flag.is_some() {
            return Err("--demo opens the demo desk in its own file: leave out --database, since the demo's \
                        known passwords would be put into that desk"
                .into());
        }
        return Ok(Launch { database: Some(DeskTarget::File(app_data_dir.join(DEMO_DATABASE_FILE))), demo });
    }
    let database = from_flag.or(env_database.filter(|v| !v.is_empty())).map(DeskTarget::named);
    Ok(Launch { database, demo })
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    fn database(list: &[&str], env: Option<&str>) -> Result<Option<DeskTarget>, String> {
        launch(args(list), env.map(OsString::from), Path::new("/data")).map(|l| l.database)
    }

    fn file(path: impl Into<PathBuf>) -> Result<Option<DeskTarget>, String> {
        Ok(Some(DeskTarget::File(path.into())))
    }

    #[test]
    fn flag_wins_over_environment_and_default() {
        assert_eq!(database(&["app", "--database", "/a.db"], Some("/b.db")), file("/a.db"));
        assert_eq!(database(&["app", "--database=/c.db"], None), file("/c.db"));
    }

    #[test]
    fn environment_wins_over_default() {
        assert_eq!(database(&["app"], Some("/b.db")), file("/b.db"));
    }

    #[test]
    fn without_flag_or_environment_the_start_screen_chooses() {
        assert_eq!(database(&["app"], Some("")), Ok(None));
        assert_eq!(database(&["app"], None), Ok(None));
    }

    #[test]
    fn demo_has_its_own_default_database() {
        let launched = launch(args(&["app", "--demo"]), None, Path::new("/data")).expect("launch");
        assert!(launched.demo);
        assert_eq!(Ok(launched.database), file(PathBuf::from("/data").join(DEMO_DATABASE_FILE)));
        assert!(!launch(args(&["app"]), None, Path::new("/data")).expect("launch").demo);
    }

    #[test]
    fn demo_never_seeds_a_desk_named_by_flag_or_environment() {
        let refused = launch(args(&["app", "--demo", "--database", "/real.db"]), None, Path::new("/data"));
        assert!(refused.expect_err("refused").contains("leave out --database"));
        assert!(launch(args(&["app", "--database=/real.db", "--demo"]), None, Path::new("/data")).is_err());
        let launched = launch(args(&["app", "--demo"]), Some("/real.db".into()), Path::new("/data")).expect("launch");
        assert_eq!(Ok(launched.database), file(PathBuf::from("/data").join(DEMO_DATABASE_FILE)));
    }

    #[test]
    fn a_postgres_url_names_a_team_desk_and_is_shown_without_its_password() {
        let url = "postgres://ada:secret@db.example.com:5432/helpdesk";
        let named = database(&["app", "--database", url], None).expect("launch").expect("named");
        assert_eq!(named, DeskTarget::Server(url.into()));
        assert_eq!(named.to_string(), "postgres://ada@db.example.com:5432/helpdesk");
        let from_env = database(&["app"], Some("postgresql://db/helpdesk")).expect("launch");
        assert_eq!(from_env, Some(DeskTarget::Server("postgresql://db/helpdesk".into())));
        assert_eq!(database(&["app"], Some("./postgres/desk.sqlite3")), file("./postgres/desk.sqlite3"));
    }

    #[test]
    fn flag_without_value_is_an_error() {
        assert!(database(&["app", "--database"], None).is_err());
    }
}
