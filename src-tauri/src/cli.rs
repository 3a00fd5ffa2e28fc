//! The command line beside the window, for whoever administers a team desk's server:
//! `helpdesk server init --url URL --admin USERNAME --email EMAIL [--name "DISPLAY NAME"]` sets up
//! a team desk in an empty database (as "Set up a team desk" does) and prints what it made;
//! `helpdesk server upgrade --url URL` brings a desk up to this version. The first admin's password
//! is read from `HELPDESK_ADMIN_PASSWORD`, else asked on the terminal without echo: never from an
//! argument, which other users of the machine can see.
use std::ffi::OsString;
use std::process::ExitCode;

use helpdesk_core::ops::auth;
use helpdesk_core::ops::users::NewAccount;

const USAGE: &str = "usage: helpdesk server init --url postgres://OWNER@HOST/DATABASE --admin USERNAME --email EMAIL \
                     [--name \"DISPLAY NAME\"]\n       \
                     helpdesk server upgrade --url postgres://OWNER@HOST/DATABASE\n\n\
                     init sets up a team desk in an empty PostgreSQL database: its roles, tables and policies, and \
                     its first administrator. The URL's login must be able to create roles and own the database. \
                     The administrator's password is read from HELPDESK_ADMIN_PASSWORD or asked here.\n\
                     upgrade brings a team desk up to this version of Helpdesk, with the login that set it up.";

pub const PASSWORD_ENV: &str = "HELPDESK_ADMIN_PASSWORD";

/// What `helpdesk server ...` was asked to do.
#[derive(Debug, PartialEq, Eq)]
enum Command {
    Init(Init),
    Upgrade { url: String },
}

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
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a runtime");
    Some(match parse(&args[1..]) {
        Ok(Command::Init(init)) => runtime.block_on(init_desk(init)),
        Ok(Command::Upgrade { url }) => match runtime.block_on(auth::upgrade_team_desk(&url)) {
            Ok(desk) => {
                println!("The team desk at {desk} is up to date with Helpdesk {}.", env!("CARGO_PKG_VERSION"));
                ExitCode::SUCCESS
            }
            Err(error) => failed("The team desk was not upgraded", &error),
        },
        Err(problem) => {
            eprintln!("{problem}\n\n{USAGE}");
            ExitCode::from(2)
        }
    })
}

/// `helpdesk server init`: its exit code.
async fn init_desk(init: Init) -> ExitCode {
    let password = match std::env::var(PASSWORD_ENV) {
        Ok(password) => password,
        Err(_) => match rpassword::prompt_password(format!("Password for the administrator {}: ", init.username)) {
            Ok(password) => password,
            Err(error) => {
                eprintln!("cannot read the password ({error}): set {PASSWORD_ENV}");
                return ExitCode::from(2);
            }
        },
    };
    let admin = NewAccount { username: init.username, email: init.email, display_name: init.display_name, password };
    match auth::set_up_team_desk(&init.url, admin).await {
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
        Err(error) => failed("The team desk was not set up", &error),
    }
}

/// Says why a command failed: its exit code.
fn failed(what: &str, error: &helpdesk_core::error::AppError) -> ExitCode {
    eprintln!("{what}: {}", error.message);
    for (field, problem) in &error.fields {
        eprintln!("  {field}: {problem}");
    }
    ExitCode::FAILURE
}

fn parse(args: &[String]) -> Result<Command, String> {
    let Some((command, options)) = args.split_first() else { return Err("helpdesk server: which command?".into()) };
    let upgrade = match command.as_str() {
        "init" => false,
        "upgrade" => true,
        _ => return Err(format!("helpdesk server: unknown command {command:?}")),
    };
    let (mut url, mut username, mut email, mut display_name) = (None, None, None, None);
    let mut options = options.iter();
    while let Some(option) = options.next() {
        let slot = match option.as_str() {
            "--url" => &mut url,
            "--admin" if !upgrade => &mut username,
            "--email" if !upgrade => &mut email,
            "--name" if !upgrade => &mut display_name,
            other => return Err(format!("unknown option {other:?}")),
        };
        *slot = Some(options.next().ok_or_else(|| format!("{option} needs a value"))?.clone());
    }
    let url = url.ok_or("--url is needed")?;
    if upgrade {
        return Ok(Command::Upgrade { url });
    }
    Ok(Command::Init(Init {
        url,
        username: username.ok_or("--admin is needed")?,
        email: email.ok_or("--email is needed")?,
        display_name,
    }))
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
            Ok(Command::Init(Init {
                url: "postgres://dba@db/helpdesk".into(),
                username: "ada".into(),
                email: "ada@example.com".into(),
                display_name: Some("Ada Lovelace".into()),
            }))
        );
        assert!(parse(&strings(&["init", "--url", "postgres://db/x", "--admin", "ada"])).is_err(), "no email");
        assert!(parse(&strings(&["init", "--url"])).is_err(), "no value");
        assert!(parse(&strings(&["drop"])).is_err(), "unknown command");
        assert!(parse(&strings(&["init", "--password", "x"])).is_err(), "no password argument");
    }

    #[test]
    fn upgrade_takes_the_url_alone() {
        let upgrade = parse(&strings(&["upgrade", "--url", "postgres://dba@db/helpdesk"]));
        assert_eq!(upgrade, Ok(Command::Upgrade { url: "postgres://dba@db/helpdesk".into() }));
        assert!(parse(&strings(&["upgrade"])).is_err(), "no URL");
        assert!(parse(&strings(&["upgrade", "--url", "postgres://db/x", "--admin", "ada"])).is_err(), "no admin");
    }

    #[test]
    fn only_the_server_command_keeps_the_window_closed() {
        assert_eq!(run(vec!["helpdesk".into(), "--demo".into()]), None);
        assert_eq!(run(vec!["helpdesk".into()]), None);
    }
}
