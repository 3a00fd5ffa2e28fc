//! The command line beside the window, for whoever administers a team desk's server:
//! `helpdesk server init --url URL --admin USERNAME --email EMAIL [--name "DISPLAY NAME"]` sets up
//! a team desk in an empty database (as "Set up a team desk" does) and prints what it made. The
//! first admin's password is read from `HELPDESK_ADMIN_PASSWORD`, else asked on the terminal
//! without echo: never from an argument, which other users of the machine can see.
use std::ffi::OsString;
use std::process::ExitCode;

use helpdesk_core::ops::auth;
use helpdesk_core::ops::users::NewAccount;

const USAGE: &str = "usage: helpdesk server init --url postgres://OWNER@HOST/DATABASE --admin USERNAME --email EMAIL \
                     [--name \"DISPLAY NAME\"]\n\n\
                     Sets up a team desk in an empty PostgreSQL database: its roles, tables and policies, and its \
                     first administrator. The URL's login must be able to create roles and own the database. The \
                     administrator's password is read from HELPDESK_ADMIN_PASSWORD or asked here.";

pub const PASSWORD_ENV: &str = "HELPDESK_ADMIN_PASSWORD";

/// What `helpdesk server init` was asked to do.
#[derive(Debug, PartialEq, Eq)]
struct Init {
    url: String,
    username: String,
    email: String,
    display_name: Option<String>,
}

/// Runs the command line when the arguments ask for it (`helpdesk server ...`); `None` opens the
/// window.
pub fn run(args: Vec<OsString>) -> Option<ExitCode> {
    let args: Vec<String> = args.into_iter().skip(1).map(|arg| arg.to_string_lossy().into_owned()).collect();
    if args.first().map(String::as_str) != Some("server") {
        return None;
    }
    let init = match parse(&args[1..]) {
        Ok(init) => init,
        Err(problem) => {
            eprintln!("{problem}\n\n{USAGE}");
            return Some(ExitCode::from(2));
        }
    };
    let password = match std::env::var(PASSWORD_ENV) {
        Ok(password) => password,
        Err(_) => match rpassword::prompt_password(format!("Password for the administrator {}: ", init.username)) {
            Ok(password) => password,
            Err(error) => {
                eprintln!("cannot read the password ({error}): set {PASSWORD_ENV}");
                return Some(ExitCode::from(2));
            }
        },
    };
    let admin = NewAccount { username: init.username, email: init.email, display_name: init.display_name, password };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a runtime");
    Some(match runtime.block_on(auth::set_up_team_desk(&init.url, admin)) {
        Ok(set_up) => {
            println!("Set up a team desk at {}.", set_up.desk);
            println!("Roles on the server: {}.", set_up.roles.join(", "));
            println!(
                "The first administrator is {} (the server's login {}). Desktops join with the server's address, \
                 the database and each person's own username and password.",
                set_up.admin.username, set_up.admin_login
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("The team desk was not set up: {}", error.message);
            for (field, problem) in &error.fields {
                eprintln!("  {field}: {problem}");
            }
            ExitCode::FAILURE
        }
    })
}

fn parse(args: &[String]) -> Result<Init, String> {
    let Some((command, options)) = args.split_first() else { return Err("helpdesk server: which command?".into()) };
    if command != "init" {
        return Err(format!("helpdesk server: unknown command {command:?}"));
    }
    let (mut url, mut username, mut email, mut display_name) = (None, None, None, None);
    let mut options = options.iter();
    while let Some(option) = options.next() {
        let slot = match option.as_str() {
            "--url" => &mut url,
            "--admin" => &mut username,
            "--email" => &mut email,
            "--name" => &mut display_name,
            other => return Err(format!("unknown option {other:?}")),
        };
        *slot = Some(options.next().ok_or_else(|| format!("{option} needs a value"))?.clone());
    }
    Ok(Init {
        url: url.ok_or("--url is needed")?,
        username: username.ok_or("--admin is needed")?,
        email: email.ok_or("--email is needed")?,
        display_name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn init_takes_the_url_and_the_first_admin() {
        let init = parse(&strings(&[
            "init",
            "--url",
            "postgres://dba@db/helpdesk",
            "--admin",
            "ada",
            "--email",
            "ada@example.com",
            "--name",
            "Ada Lovelace",
        ]));
        assert_eq!(
            init,
            Ok(Init {
                url: "postgres://dba@db/helpdesk".into(),
                username: "ada".into(),
                email: "ada@example.com".into(),
                display_name: Some("Ada Lovelace".into()),
            })
        );
        assert!(parse(&strings(&["init", "--url", "postgres://db/x", "--admin", "ada"])).is_err(), "no email");
        assert!(parse(&strings(&["init", "--url"])).is_err(), "no value");
        assert!(parse(&strings(&["drop"])).is_err(), "unknown command");
        assert!(parse(&strings(&["init", "--password", "x"])).is_err(), "no password argument");
    }

    #[test]
    fn only_the_server_command_keeps_the_window_closed() {
        assert_eq!(run(vec!["helpdesk".into(), "--demo".into()]), None);
        assert_eq!(run(vec!["helpdesk".into()]), None);
    }
}
