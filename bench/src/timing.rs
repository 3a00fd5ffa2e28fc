//! Repeated timings and their p50, p95 and worst.
use std::future::Future;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::Error;

/// How long one figure may take to measure: up to `runs` repetitions, stopping after `time` (but
/// never before `MIN_RUNS`), after two warm-up runs that are not counted.
#[derive(Clone, Copy)]
pub struct Budget {
    pub runs: usize,
    pub time: Duration,
}

/// The named cases: enough repetitions for a stable p95.
pub const NAMED: Budget = Budget { runs: 60, time: Duration::from_secs(3) };
/// The random set: hundreds of shapes, each measured more briefly.
pub const BRIEF: Budget = Budget { runs: 25, time: Duration::from_secs(1) };
const MIN_RUNS: usize = 8;
const WARM_UP: usize = 2;

#[derive(Debug, Clone, Copy)]
pub struct Stats {
    pub p50: f64,
    pub p95: f64,
    pub worst: f64,
    pub runs: usize,
}

impl Stats {
    pub fn of(mut times: Vec<Duration>) -> Stats {
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let at = |q: f64| ms(times[((times.len() - 1) as f64 * q).round() as usize]);
        Stats { p50: at(0.5), p95: at(0.95), worst: times.last().map_or(0.0, |d| ms(*d)), runs: times.len() }
    }

    pub fn json(&self) -> Value {
        json!({ "p50_ms": round(self.p50), "p95_ms": round(self.p95), "worst_ms": round(self.worst), "runs": self.runs })
    }
}

pub fn round(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

fn enough(budget: Budget, started: Instant, runs: usize) -> bool {
    runs >= budget.runs || (runs >= MIN_RUNS && started.elapsed() >= budget.time)
}

/// Times `run` as `budget` allows.
pub fn sample(budget: Budget, mut run: impl FnMut() -> Result<(), Error>) -> Result<Stats, Error> {
    for _ in 0..WARM_UP {
        run()?;
    }
    let (started, mut times) = (Instant::now(), Vec::new());
    while !enough(budget, started, times.len()) {
        let at = Instant::now();
        run()?;
        times.push(at.elapsed());
    }
    Ok(Stats::of(times))
}

/// Times the future `run` makes, as `budget` allows.
pub async fn sample_async<F, Fut, T>(budget: Budget, mut run: F) -> Result<Stats, Error>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Error>>,
{
    for _ in 0..WARM_UP {
        std::hint::black_box(run().await?);
    }
    let (started, mut times) = (Instant::now(), Vec::new());
    while !enough(budget, started, times.len()) {
        let at = Instant::now();
        std::hint::black_box(run().await?);
        times.push(at.elapsed());
    }
    Ok(Stats::of(times))
}
