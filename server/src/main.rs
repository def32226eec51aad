//! The portal's command line: `serve` (default), `migrate`, and `import [DIR]`.

use server::config::Config;
use tracing_subscriber::EnvFilter;

const USAGE: &str = "usage: server [serve | migrate | import [CONTENT_DIR]]";

#[tokio::main]
async fn main() {
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
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command '{other}'\n{USAGE}")),
    };
    if let Err(message) = result {
        eprintln!("error: {message}");
        std::process::exit(1);
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

async fn serve(config: Config) -> Result<(), String> {
    tracing::info!(?config, "starting");
    let state = server::prepare(&config).await?;
    let app = server::router(&config, state).await?;
    let listener = tokio::net::TcpListener::bind(&config.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
    tracing::info!("listening on http://{}", config.listen);
    server::serve(listener, app).await.map_err(|e| e.to_string())
}

async fn migrate(config: Config) -> Result<(), String> {
    let demo_off = Config { demo: false, ..config };
    server::prepare(&demo_off).await?;
    println!("migrations applied");
    Ok(())
}

async fn import(config: Config, dir: Option<String>) -> Result<(), String> {
    let dir = dir.map(Into::into).unwrap_or_else(|| config.content_dir.clone());
    let state = server::prepare(&Config { demo: false, ..config }).await?;
    let catalog = app::catalog::ssr::import::import(&state.db, &dir).await.map_err(|e| e.to_string())?;
    println!(
        "imported {} organisations and {} services from {}",
        catalog.organisation_count(),
        catalog.service_count(),
        dir.display()
    );
    Ok(())
}
