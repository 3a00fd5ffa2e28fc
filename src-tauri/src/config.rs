//! Where the database lives: `--database PATH` wins over `HELPDESK_DATABASE`, which wins over the
//! app-data directory, so tests, the demo and team setups never touch a real profile by accident.
use std::ffi::OsString;
use std::path::{Path, PathBuf};

pub const DATABASE_ENV: &str = "HELPDESK_DATABASE";
pub const DATABASE_FILE: &str = "helpdesk.sqlite3";

pub fn database_path(
    args: impl IntoIterator<Item = OsString>,
    env_value: Option<OsString>,
    app_data_dir: &Path,
) -> Result<PathBuf, String> {
    let mut args = args.into_iter();
    let mut from_flag = None;
    while let Some(arg) = args.next() {
        if arg == "--database" {
            from_flag = Some(args.next().ok_or("--database needs a file path")?);
        } else if let Some(value) = arg.to_str().and_then(|a| a.strip_prefix("--database=")) {
            from_flag = Some(value.into());
        }
    }
    match from_flag.or(env_value.filter(|v| !v.is_empty())) {
        Some(path) => Ok(PathBuf::from(path)),
        None => Ok(app_data_dir.join(DATABASE_FILE)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn flag_wins_over_environment_and_default() {
        let path = database_path(
            args(&["app", "--database", "/a.db"]),
            Some("/b.db".into()),
            Path::new("/data"),
        );
        assert_eq!(path, Ok(PathBuf::from("/a.db")));
        let path = database_path(args(&["app", "--database=/c.db"]), None, Path::new("/data"));
        assert_eq!(path, Ok(PathBuf::from("/c.db")));
    }

    #[test]
    fn environment_wins_over_default() {
        let path = database_path(args(&["app"]), Some("/b.db".into()), Path::new("/data"));
        assert_eq!(path, Ok(PathBuf::from("/b.db")));
    }

    #[test]
    fn default_is_in_app_data() {
        let path = database_path(args(&["app"]), Some("".into()), Path::new("/data"));
        assert_eq!(path, Ok(PathBuf::from("/data").join(DATABASE_FILE)));
    }

    #[test]
    fn flag_without_value_is_an_error() {
        assert!(database_path(args(&["app", "--database"]), None, Path::new("/data")).is_err());
    }
}
