//! The portal's command line: `serve` (default), `migrate`, `import [DIR]`,
//! `submissions list|export [--organisation ID]`, `jobs list|dead|retry`, `staff grant` and
//! `cases generate`. The binary's `main` only calls [`main`] here.

use crate::{
    config::Config,
    startup::{Result, StartupError},
};
use tracing_subscriber::EnvFilter;

const USAGE: &str = "usage: server [serve | migrate | import [CONTENT_DIR] | submissions (list | export) \
                     [--organisation ID] | jobs (list | dead | retry (ID | --all-dead)) |
                     staff grant --organisation ID --provider ID --subject SUB --role ROLE [--name NAME] |
                     cases generate [--count N] [--seed S]]";

/// Runs the command the arguments name and exits with its status.
///
/// A plain function, never inlined, that owns the runtime: the binary then calls one symbol of
/// this crate. Were `main` an `async fn` in the binary, release builds would compile every async
/// function it reaches (the whole portal: async bodies are instantiated again in each crate that
/// polls them) once more in the binary, which took about a minute of a fresh build's last step.
#[inline(never)]
pub fn main() {
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the runtime: {error}");
            std::process::exit(1);
        }
    };
    runtime.block_on(run());
}

async fn run() {
    let config = match Config::load() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    init_logging(&config);
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        None | Some("serve") => serve(config).await,
        Some("migrate") => migrate(config).await,
        Some("import") => import(config, args.get(1).cloned()).await,
        Some("submissions") => submissions(config, &args[1..]).await,
        Some("jobs") => jobs(config, &args[1..]).await,
        Some("staff") => staff(config, &args[1..]).await,
        Some("cases") => cases(config, &args[1..]).await,
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(StartupError::Usage(format!("unknown command '{other}'\n{USAGE}"))),
    };
    if let Err(error) = result {
        eprintln!("error: {error}");
        std::process::exit(error.exit_code());
    }
}

fn init_logging(config: &Config) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_sessions=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if config.log_format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn serve(config: Config) -> Result<()> {
    tracing::info!(?config, "starting");
    let state = crate::prepare(&config).await?;
    let workers = crate::start_workers(&config, &state);
    if let Some(address) = &config.bench_ceiling_listen {
        let listener = tokio::net::TcpListener::bind(address).await.map_err(listen_error(address))?;
        tokio::spawn(crate::bench::serve_ceiling(listener, state.clone()));
    }
    // Only when an operator asked for them: requests are then counted, and shown on their own address.
    let metrics = match &config.metrics_listen {
        Some(address) => {
            let listener = tokio::net::TcpListener::bind(address).await.map_err(listen_error(address))?;
            let registry = crate::metrics::Registry::default();
            tracing::info!("metrics on http://{address}/metrics");
            tokio::spawn(crate::metrics::serve(listener, registry.clone(), state.clone()));
            Some(registry)
        }
        None => None,
    };
    let app = crate::router_with_metrics(&config, state, metrics).await?;
    let listener = tokio::net::TcpListener::bind(&config.listen).await.map_err(listen_error(&config.listen))?;
    tracing::info!("listening on http://{}", config.listen);
    // Returns once SIGTERM or Ctrl-C came and the requests under way were answered; the job
    // workers run on meanwhile (those requests may queue jobs), then stop: each finishes the job
    // in hand and gives back what it leased, so another instance takes it at once.
    let served = crate::serve_with_limit(listener, app, config.max_http_connections as usize).await;
    workers.stop(WORKERS_GRACE).await;
    tracing::info!("stopped");
    served.map_err(StartupError::Serve)
}

/// How long the job workers may take at shutdown to finish the jobs in hand.
const WORKERS_GRACE: std::time::Duration = std::time::Duration::from_secs(20);

async fn migrate(config: Config) -> Result<()> {
    let demo_off = Config { demo: false, ..config };
    crate::prepare(&demo_off).await?;
    println!("migrations applied");
    Ok(())
}

async fn import(config: Config, dir: Option<String>) -> Result<()> {
    let dir = dir.map(Into::into).unwrap_or_else(|| config.content_dir.clone());
    let state = crate::prepare(&Config { demo: false, ..config }).await?;
    let catalog = app::import::import(&state.db, &dir).await?;
    println!(
        "imported {} organisations and {} services from {}",
        catalog.organisation_count(),
        catalog.service_count(),
        dir.display()
    );
    Ok(())
}

/// Lists (without contents) or exports (as JSON, with answers) the submissions, newest first,
/// so an organisation can act on them before the back office arrives.
async fn submissions(config: Config, args: &[String]) -> Result<()> {
    let mode = args.first().map(String::as_str).unwrap_or("list");
    let organisation = match args.get(1).map(String::as_str) {
        Some("--organisation") => {
            Some(args.get(2).ok_or_else(|| StartupError::Usage("--organisation needs an id".into()))?.as_str())
        }
        Some(other) => return Err(StartupError::Usage(format!("unknown option '{other}'\n{USAGE}"))),
        None => None,
    };
    let state = crate::prepare(&Config { demo: false, ..config }).await?;
    let with_answers = match mode {
        "list" => false,
        "export" => true,
        other => return Err(StartupError::Usage(format!("unknown submissions command '{other}'\n{USAGE}"))),
    };
    let records = app::forms::ssr::store::list_submissions(&state.db, organisation, with_answers)
        .await
        .map_err(StartupError::command("read the submissions"))?;
    if with_answers {
        let items: Vec<serde_json::Value> = records
            .into_iter()
            .map(|r| {
                let answers = r.answers.map(|answers| answers.0).unwrap_or_default();
                serde_json::json!({
                    "reference": r.reference,
                    "organisation": r.organisation_id,
                    "service": r.service_id,
                    "form": r.form_id,
                    "form_version": r.form_version,
                    "lang": r.lang,
                    "submitted_at": iso_time(r.submitted_at),
                    "answers": answers,
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&items)
                .map_err(|e| StartupError::Command { action: "write JSON", cause: e.to_string() })?
        );
    } else {
        println!("reference\tsubmitted_at\torganisation\tservice\tform");
        for r in &records {
            println!(
                "{}\t{}\t{}\t{}\t{}@{}",
                r.reference,
                iso_time(r.submitted_at),
                r.organisation_id,
                r.service_id,
                r.form_id,
                r.form_version
            );
        }
        eprintln!("{} submission(s)", records.len());
    }
    Ok(())
}

/// The jobs queue for operators: `list` (counts per kind and state), `dead` (the dead letters:
/// id, kind, attempts, times and last error, never the payload, which may hold personal data),
/// `retry ID` or `retry --all-dead` (due again now, attempts reset, once the cause is fixed).
async fn jobs(config: Config, args: &[String]) -> Result<()> {
    let state = crate::prepare(&Config { demo: false, ..config }).await?;
    let db = &state.db;
    match args.first().map(String::as_str).unwrap_or("list") {
        "list" => {
            let counts = app::jobs::counts(db).await.map_err(StartupError::command("read the jobs"))?;
            let done = app::jobs::done_counts(db).await.map_err(StartupError::command("read the jobs"))?;
            println!("kind\twaiting\tfailed\tdead\tdone");
            let mut kinds: Vec<&str> = counts.iter().map(|c| c.kind.as_str()).collect();
            kinds.extend(done.iter().map(|(kind, _)| kind.as_str()).filter(|k| !counts.iter().any(|c| c.kind == *k)));
            for kind in kinds {
                let c = counts.iter().find(|c| c.kind == kind);
                let done = done.iter().find(|(k, _)| k == kind).map_or(0, |(_, n)| *n);
                let (waiting, failed, dead) = c.map_or((0, 0, 0), |c| (c.waiting, c.failed, c.dead));
                println!("{kind}\t{waiting}\t{failed}\t{dead}\t{done}");
            }
            Ok(())
        }
        "dead" => {
            let dead = app::jobs::list_dead(db).await.map_err(StartupError::command("read the jobs"))?;
            println!("id\tkind\tattempts\tcreated_at\tdied_at\tlast_error");
            for job in &dead {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    job.id,
                    job.kind,
                    job.attempts,
                    iso_time(job.created_at.0),
                    job.died_at.map(|t| iso_time(t.0)).unwrap_or_default(),
                    job.last_error.as_deref().unwrap_or("").replace(['\t', '\r', '\n'], " ")
                );
            }
            eprintln!("{} dead job(s)", dead.len());
            Ok(())
        }
        "retry" => {
            let which = match args.get(1).map(String::as_str) {
                Some("--all-dead") => app::jobs::Which::AllDead,
                Some(id) => app::jobs::Which::One(
                    id.parse().map_err(|_| StartupError::Usage(format!("'{id}' is not a job id\n{USAGE}")))?,
                ),
                None => return Err(StartupError::Usage(format!("retry needs a job id or --all-dead\n{USAGE}"))),
            };
            let retried =
                app::jobs::retry_dead(db, &state.clock, which).await.map_err(StartupError::command("retry the job"))?;
            if retried == 0 && matches!(which, app::jobs::Which::One(_)) {
                return Err(StartupError::Command { action: "retry the job", cause: "no dead job has that id".into() });
            }
            println!("{retried} job(s) due again");
            Ok(())
        }
        other => Err(StartupError::Usage(format!("unknown jobs command '{other}'\n{USAGE}"))),
    }
}

/// `staff grant --organisation ID --provider ID --subject SUB --role ROLE [--name NAME]`: an
/// organisation's first administrator (or any role), before or after their first sign-in.
async fn staff(config: Config, args: &[String]) -> Result<()> {
    let option = |name: &str| args.windows(2).find(|pair| pair[0] == name).map(|pair| pair[1].clone());
    if args.first().map(String::as_str) != Some("grant") {
        return Err(StartupError::Usage(format!("unknown staff command\n{USAGE}")));
    }
    let (Some(organisation), Some(provider), Some(subject), Some(role)) =
        (option("--organisation"), option("--provider"), option("--subject"), option("--role"))
    else {
        return Err(StartupError::Usage(format!(
            "staff grant needs --organisation, --provider, --subject and --role\n{USAGE}"
        )));
    };
    let role = app::access::Role::parse(&role).ok_or_else(|| {
        StartupError::Usage(format!("'{role}' is not a role (registrar, case-officer, manager, organisation-admin)"))
    })?;
    let name = option("--name").unwrap_or_else(|| subject.clone());
    let state = crate::prepare(&Config { demo: false, ..config }).await?;
    let granted = crate::staff::grant(&state, &organisation, &provider, &subject, &name, role)
        .await
        .map_err(StartupError::command("grant the role (is the member of staff in another organisation?)"))?;
    println!("{}", if granted { "granted" } else { "already held" });
    Ok(())
}

/// `cases generate --count N [--seed S]`: fills the database with generated cases (the demo's,
/// or a million for the benchmark), in every state, through the portal's own storage.
async fn cases(config: Config, args: &[String]) -> Result<()> {
    let option = |name: &str| args.windows(2).find(|pair| pair[0] == name).map(|pair| pair[1].clone());
    if args.first().map(String::as_str) != Some("generate") {
        return Err(StartupError::Usage(format!("unknown cases command\n{USAGE}")));
    }
    let number = |name: &str, default: u64| -> Result<u64> {
        option(name).map_or(Ok(default), |v| {
            v.parse().map_err(|_| StartupError::Usage(format!("{name} needs a number\n{USAGE}")))
        })
    };
    let count = number("--count", 1000)? as usize;
    let seed = number("--seed", 2026)?;
    let state = crate::prepare(&Config { demo_cases: 0, ..config }).await?;
    let now = state.clock.now_ms();
    let made = crate::demo_cases::generate(&state.db, count, seed, now, 1000)
        .await
        .map_err(StartupError::command("generate cases"))?;
    crate::demo_cases::tidy(&state.db).await.map_err(StartupError::command("analyse the database"))?;
    println!("{} cases in {} ms", made.cases, made.millis);
    Ok(())
}

/// `2026-11-22T17:05:09Z` from milliseconds since the epoch.
fn iso_time(ms: i64) -> String {
    let seconds = ms.div_euclid(1000);
    let date = app::domain::date::SimpleDate::from_days(seconds.div_euclid(86_400));
    let s = seconds.rem_euclid(86_400);
    format!("{date}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

/// The error for a listener that could not be bound on `address`.
fn listen_error(address: &str) -> impl FnOnce(std::io::Error) -> StartupError + '_ {
    move |source| StartupError::Listen { address: address.to_string(), source }
}
