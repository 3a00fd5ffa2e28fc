//! How the app was launched. The database path: `--database PATH` wins over `HELPDESK_DATABASE`,
//! which wins over the app-data directory, so tests, the demo and team setups never touch a real
//! profile by accident. `--demo` opens (and seeds) a separate demo database, always the demo file
//! in the app-data directory: seeding its known passwords into a desk named by `--database` would
//! hand that desk to anyone who read the README, so the two together are refused (and
//! `HELPDESK_DATABASE`, which may name the real desk, is passed over).
use std::ffi::OsString;
use std::path::{Path, PathBuf};

pub const DATABASE_ENV: &str = "HELPDESK_DATABASE";
pub const DATABASE_FILE: &str = "helpdesk.sqlite3";
pub const DEMO_DATABASE_FILE: &str = "demo.sqlite3";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Launch {
    pub database: PathBuf,
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
            from_flag = Some(args.next().ok_or("--database needs a file path")?);
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
        return Ok(Launch { database: app_data_dir.join(DEMO_DATABASE_FILE), demo });
    }
    let database = match from_flag.or(env_database.filter(|v| !v.is_empty())) {
        Some(path) => PathBuf::from(path),
        None => app_data_dir.join(DATABASE_FILE),
    };
    Ok(Launch { database, demo })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    fn database(list: &[&str], env: Option<&str>) -> Result<PathBuf, String> {
        launch(args(list), env.map(OsString::from), Path::new("/data")).map(|l| l.database)
    }

    #[test]
    fn flag_wins_over_environment_and_default() {
        assert_eq!(database(&["app", "--database", "/a.db"], Some("/b.db")), Ok("/a.db".into()));
        assert_eq!(database(&["app", "--database=/c.db"], None), Ok("/c.db".into()));
    }

    #[test]
    fn environment_wins_over_default() {
        assert_eq!(database(&["app"], Some("/b.db")), Ok("/b.db".into()));
    }

    #[test]
    fn default_is_in_app_data() {
        assert_eq!(database(&["app"], Some("")), Ok(PathBuf::from("/data").join(DATABASE_FILE)));
    }

    #[test]
    fn demo_has_its_own_default_database() {
        let launched = launch(args(&["app", "--demo"]), None, Path::new("/data")).expect("launch");
        assert!(launched.demo);
        assert_eq!(launched.database, PathBuf::from("/data").join(DEMO_DATABASE_FILE));
        assert!(!launch(args(&["app"]), None, Path::new("/data")).expect("launch").demo);
    }

    #[test]
    fn demo_never_seeds_a_desk_named_by_flag_or_environment() {
        let refused = launch(args(&["app", "--demo", "--database", "/real.db"]), None, Path::new("/data"));
        assert!(refused.expect_err("refused").contains("leave out --database"));
        assert!(launch(args(&["app", "--database=/real.db", "--demo"]), None, Path::new("/data")).is_err());
        let launched = launch(args(&["app", "--demo"]), Some("/real.db".into()), Path::new("/data")).expect("launch");
        assert_eq!(launched.database, PathBuf::from("/data").join(DEMO_DATABASE_FILE));
    }

    #[test]
    fn flag_without_value_is_an_error() {
        assert!(database(&["app", "--database"], None).is_err());
    }
}
