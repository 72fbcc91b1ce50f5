//! Part 2: the generated client against the hand-written baseline, in one process, against
//! the loopback server, in interleaved rounds so that drift of the machine (other builds,
//! frequency changes) falls on both alike.
//!
//! The server has a thread and a single-threaded runtime of its own; the clients share one
//! single-threaded runtime on the main thread. On two cores each side gets one, and the
//! client side, which does more per request, is the one that limits throughput.

use crate::baseline;
use crate::server::{self, Recorder, Responses};
use crate::stats;
use losant_integration::types::{IntegrationPatch, ObjectId};
use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How much to measure.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Sequential calls per client and operation before measuring.
    pub warmup_calls: usize,
    /// Rounds of the latency measurement; in each, every operation runs `latency_batch`
    /// sequential calls on one client, then on the other (the order alternates by round).
    pub latency_rounds: usize,
    pub latency_batch: usize,
    /// Rounds of the throughput measurement; in each, every operation sends
    /// `throughput_requests` requests, `in_flight` at a time, on one client, then the other.
    pub throughput_rounds: usize,
    pub throughput_requests: usize,
    pub in_flight: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Get,
    Patch,
    Delete,
}

pub const OPS: [Op; 3] = [Op::Get, Op::Patch, Op::Delete];

impl Op {
    pub fn name(self) -> &'static str {
        match self {
            Op::Get => "get",
            Op::Patch => "patch",
            Op::Delete => "delete",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Generated,
    Baseline,
}

/// Latency of sequential calls, in microseconds.
#[derive(Debug, Clone, Copy)]
pub struct Latency {
    pub median_us: f64,
    pub p99_us: f64,
}

#[derive(Debug, Clone)]
pub struct OpResult {
    pub op: Op,
    pub generated: Latency,
    pub baseline: Latency,
    /// Median over rounds of requests per second.
    pub generated_rps: f64,
    pub baseline_rps: f64,
    /// Generated / baseline median latency within each round: their spread shows the noise.
    pub latency_round_ratios: Vec<f64>,
    /// Generated / baseline throughput within each round.
    pub throughput_round_ratios: Vec<f64>,
}

impl OpResult {
    pub fn latency_ratio(&self) -> f64 {
        self.generated.median_us / self.baseline.median_us
    }
    pub fn p99_ratio(&self) -> f64 {
        self.generated.p99_us / self.baseline.p99_us
    }
    pub fn throughput_ratio(&self) -> f64 {
        self.generated_rps / self.baseline_rps
    }
}

#[derive(Debug, Clone)]
pub struct Results {
    pub plan: Plan,
    pub ops: Vec<OpResult>,
    /// Whether both clients sent the same request head (method, path, header names and
    /// values) for each operation, as the server saw it.
    pub same_requests: Result<(), String>,
    /// How many bytes each example response body has.
    pub integration_body_bytes: usize,
    pub success_body_bytes: usize,
    pub elapsed: Duration,
}

const APPLICATION_ID: &str = "575ec8687ae143cd83dc4a97";
const INTEGRATION_ID: &str = "575ed78e7ae143cd83dc4aab";
const TOKEN: &str = "benchmark-token-0123456789abcdef";
/// What the generated client sends as `User-Agent` by default; the baseline sends the same.
const USER_AGENT: &str = "losant-integration/0.1.0";

struct Clients {
    generated: losant_integration::Client,
    baseline: baseline::Client,
    application: ObjectId,
    integration: ObjectId,
    patch: IntegrationPatch,
    baseline_patch: baseline::IntegrationPatch,
}

/// The Integration and Success example bodies of `schemas.md`, verbatim.
pub fn seed_examples(schemas_md: &Path) -> Result<(String, String), String> {
    let text = std::fs::read_to_string(schemas_md)
        .map_err(|e| format!("cannot read {}: {e}", schemas_md.display()))?;
    let example = |anchor: &str| -> Result<String, String> {
        let after = text
            .split_once(&format!("<a name=\"{anchor}\">"))
            .map(|(_, rest)| rest)
            .ok_or_else(|| format!("{}: no `{anchor}` section", schemas_md.display()))?;
        let body = after
            .split_once("```json\n")
            .and_then(|(_, rest)| rest.split_once("\n```"))
            .map(|(body, _)| body.to_string())
            .ok_or_else(|| format!("{}: no JSON block after `{anchor}`", schemas_md.display()))?;
        serde_json::from_str::<serde_json::Value>(&body)
            .map_err(|e| format!("{}: `{anchor}` is not JSON: {e}", schemas_md.display()))?;
        Ok(body)
    };
    Ok((
        example("integrations-example")?,
        example("success-example")?,
    ))
}

/// The loopback server, a runtime for the clients, and both clients pointed at the server.
struct Setup {
    runtime: tokio::runtime::Runtime,
    clients: Arc<Clients>,
    recorder: Arc<Recorder>,
    integration_body_bytes: usize,
    success_body_bytes: usize,
}

fn setup(schemas_md: &Path) -> Result<Setup, String> {
    let (integration_body, success_body) = seed_examples(schemas_md)?;
    let recorder = Arc::new(Recorder::default());
    let addr = server::spawn(
        Responses::new(&integration_body, &success_body),
        recorder.clone(),
    )
    .map_err(|e| format!("cannot start the loopback server: {e}"))?;
    let base_url = format!("http://{addr}");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot build the client runtime: {e}"))?;
    let clients = Arc::new(Clients {
        generated: losant_integration::Client::builder()
            .base_url(&base_url)
            .token(TOKEN)
            .build()
            .map_err(|e| format!("cannot build the generated client: {e}"))?,
        baseline: baseline::Client::new(&base_url, TOKEN, USER_AGENT)?,
        application: APPLICATION_ID.parse().map_err(|e| format!("{e}"))?,
        integration: INTEGRATION_ID.parse().map_err(|e| format!("{e}"))?,
        patch: IntegrationPatch {
            topics: Some(vec!["differentTopic".to_string()]),
            ..Default::default()
        },
        baseline_patch: baseline::IntegrationPatch {
            topics: Some(vec!["differentTopic".to_string()]),
            ..Default::default()
        },
    });
    Ok(Setup {
        runtime,
        clients,
        recorder,
        integration_body_bytes: integration_body.len(),
        success_body_bytes: success_body.len(),
    })
}

/// The `__profile` task: one client, one operation, `calls` sequential calls (after as many
/// unmeasured ones), nothing else, so that a profiler run on it (`valgrind --tool=callgrind`,
/// `perf record`) sees that client's work. Prints the wall time per call.
pub fn profile(args: &[String]) -> Result<(), String> {
    let mut who = None;
    let mut op = None;
    let mut calls = 10_000usize;
    let mut seed = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let value = args
            .next()
            .ok_or_else(|| format!("__profile: {arg} needs a value"))?;
        match (arg.as_str(), value.as_str()) {
            ("--client", "generated") => who = Some(Who::Generated),
            ("--client", "baseline") => who = Some(Who::Baseline),
            ("--op", name) => {
                op = OPS.into_iter().find(|op| op.name() == name);
            }
            ("--calls", n) => calls = n.parse().map_err(|e| format!("--calls: {e}"))?,
            ("--seed", dir) => seed = Some(std::path::PathBuf::from(dir)),
            _ => return Err(format!("__profile: unexpected `{arg} {value}`")),
        }
    }
    let (Some(who), Some(op), Some(seed)) = (who, op, seed) else {
        return Err(
            "usage: bench __profile --client generated|baseline --op get|patch|delete --calls N --seed DIR"
                .into(),
        );
    };
    let Setup {
        runtime, clients, ..
    } = setup(&seed.join("schemas.md"))?;
    runtime.block_on(async {
        for _ in 0..calls {
            call(&clients, who, op).await?;
        }
        let start = Instant::now();
        for _ in 0..calls {
            call(&clients, who, op).await?;
        }
        let per_call = start.elapsed().as_secs_f64() * 1e6 / calls as f64;
        println!("{who:?} {}: {per_call:.2} µs per call", op.name());
        Ok(())
    })
}

pub fn run(schemas_md: &Path, plan: Plan) -> Result<Results, String> {
    let started = Instant::now();
    let Setup {
        runtime,
        clients,
        recorder,
        integration_body_bytes,
        success_body_bytes,
    } = setup(schemas_md)?;
    runtime.block_on(async move {
        check_decoded(&clients).await?;
        let same_requests = compare_requests(&clients, &recorder).await?;

        for op in OPS {
            for who in [Who::Generated, Who::Baseline] {
                for _ in 0..plan.warmup_calls {
                    call(&clients, who, op).await?;
                }
                burst(&clients, who, op, plan.in_flight, plan.in_flight * 4).await?;
            }
        }

        let mut latencies: Vec<[Vec<f64>; 2]> = OPS.iter().map(|_| [vec![], vec![]]).collect();
        let mut latency_round_ratios: Vec<Vec<f64>> = OPS.iter().map(|_| vec![]).collect();
        for round in 0..plan.latency_rounds {
            for (i, op) in OPS.into_iter().enumerate() {
                let mut round_medians = [0.0; 2];
                for who in order(round) {
                    let mut samples = Vec::with_capacity(plan.latency_batch);
                    for _ in 0..plan.latency_batch {
                        let start = Instant::now();
                        call(&clients, who, op).await?;
                        samples.push(start.elapsed().as_nanos() as f64 / 1_000.0);
                    }
                    latencies[i][index(who)].extend_from_slice(&samples);
                    round_medians[index(who)] = stats::median(&mut samples);
                }
                latency_round_ratios[i].push(round_medians[0] / round_medians[1]);
            }
        }

        let mut rps: Vec<[Vec<f64>; 2]> = OPS.iter().map(|_| [vec![], vec![]]).collect();
        let mut throughput_round_ratios: Vec<Vec<f64>> = OPS.iter().map(|_| vec![]).collect();
        for round in 0..plan.throughput_rounds {
            for (i, op) in OPS.into_iter().enumerate() {
                let mut round_rps = [0.0; 2];
                for who in order(round) {
                    let elapsed =
                        burst(&clients, who, op, plan.in_flight, plan.throughput_requests).await?;
                    let value = plan.throughput_requests as f64 / elapsed.as_secs_f64();
                    rps[i][index(who)].push(value);
                    round_rps[index(who)] = value;
                }
                throughput_round_ratios[i].push(round_rps[0] / round_rps[1]);
            }
        }

        let ops = OPS
            .into_iter()
            .enumerate()
            .map(|(i, op)| {
                let [generated, base] = &mut latencies[i];
                let [generated_rps, baseline_rps] = &mut rps[i];
                OpResult {
                    op,
                    generated: latency(generated),
                    baseline: latency(base),
                    generated_rps: stats::median(generated_rps),
                    baseline_rps: stats::median(baseline_rps),
                    latency_round_ratios: latency_round_ratios[i].clone(),
                    throughput_round_ratios: throughput_round_ratios[i].clone(),
                }
            })
            .collect();
        Ok(Results {
            plan,
            ops,
            same_requests,
            integration_body_bytes,
            success_body_bytes,
            elapsed: started.elapsed(),
        })
    })
}

/// A B in even rounds, B A in odd ones, so that neither always runs first.
fn order(round: usize) -> [Who; 2] {
    if round.is_multiple_of(2) {
        [Who::Generated, Who::Baseline]
    } else {
        [Who::Baseline, Who::Generated]
    }
}

fn index(who: Who) -> usize {
    match who {
        Who::Generated => 0,
        Who::Baseline => 1,
    }
}

fn latency(samples: &mut [f64]) -> Latency {
    Latency {
        median_us: stats::median(samples),
        p99_us: stats::quantile(samples, 0.99),
    }
}

/// One call, its result checked for success and dropped as a user's would be.
async fn call(clients: &Clients, who: Who, op: Op) -> Result<(), String> {
    let (app, int) = (&clients.application, &clients.integration);
    let failed = |e: &dyn std::fmt::Display| format!("{who:?} {}: {e}", op.name());
    match (who, op) {
        (Who::Generated, Op::Get) => {
            black_box(clients.generated.get_integration(app, int).await).map_err(|e| failed(&e))?;
        }
        (Who::Generated, Op::Patch) => {
            black_box(
                clients
                    .generated
                    .patch_integration(app, int, &clients.patch)
                    .await,
            )
            .map_err(|e| failed(&e))?;
        }
        (Who::Generated, Op::Delete) => {
            black_box(clients.generated.delete_integration(app, int).await)
                .map_err(|e| failed(&e))?;
        }
        (Who::Baseline, Op::Get) => {
            black_box(
                clients
                    .baseline
                    .get_integration(APPLICATION_ID, INTEGRATION_ID)
                    .await,
            )
            .map_err(|e| failed(&e))?;
        }
        (Who::Baseline, Op::Patch) => {
            black_box(
                clients
                    .baseline
                    .patch_integration(APPLICATION_ID, INTEGRATION_ID, &clients.baseline_patch)
                    .await,
            )
            .map_err(|e| failed(&e))?;
        }
        (Who::Baseline, Op::Delete) => {
            black_box(
                clients
                    .baseline
                    .delete_integration(APPLICATION_ID, INTEGRATION_ID)
                    .await,
            )
            .map_err(|e| failed(&e))?;
        }
    }
    Ok(())
}

/// `total` calls with `in_flight` of them outstanding until the last ones: each task takes
/// the next call from a shared counter, so none idles while others still have work.
async fn burst(
    clients: &Arc<Clients>,
    who: Who,
    op: Op,
    in_flight: usize,
    total: usize,
) -> Result<Duration, String> {
    let remaining = Arc::new(AtomicUsize::new(total));
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..in_flight {
        let clients = clients.clone();
        let remaining = remaining.clone();
        tasks.spawn(async move {
            while remaining
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
                .is_ok()
            {
                call(&clients, who, op).await?;
            }
            Ok::<(), String>(())
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.map_err(|e| format!("a request task failed: {e}"))??;
    }
    Ok(start.elapsed())
}

/// Both clients decode the examples to the same values, so they do the same work.
async fn check_decoded(clients: &Clients) -> Result<(), String> {
    let generated = clients
        .generated
        .get_integration(&clients.application, &clients.integration)
        .await
        .map_err(|e| format!("generated get: {e}"))?;
    let base = clients
        .baseline
        .get_integration(APPLICATION_ID, INTEGRATION_ID)
        .await
        .map_err(|e| format!("baseline get: {e}"))?;
    let same = generated.name == base.name
        && generated.topics == base.topics
        && generated.creation_date == base.creation_date
        && generated.mqtt_config.as_ref().map(|c| c.port)
            == base.mqtt_config.as_ref().map(|c| c.port)
        && generated
            .status
            .as_ref()
            .and_then(|s| s.disconnect_info.as_ref())
            .and_then(|d| d.error.clone())
            == base
                .status
                .as_ref()
                .and_then(|s| s.disconnect_info.as_ref())
                .and_then(|d| d.error.clone())
        && generated.extra.is_empty();
    if !same {
        return Err(format!(
            "the clients decode the example differently:\n{generated:?}\n{base:?}"
        ));
    }
    let deleted = clients
        .generated
        .delete_integration(&clients.application, &clients.integration)
        .await
        .map_err(|e| format!("generated delete: {e}"))?;
    let base_deleted = clients
        .baseline
        .delete_integration(APPLICATION_ID, INTEGRATION_ID)
        .await
        .map_err(|e| format!("baseline delete: {e}"))?;
    if deleted.success != Some(true) || base_deleted.success != Some(true) {
        return Err("the Success example does not decode to `true`".into());
    }
    Ok(())
}

/// The request heads of both clients for each operation, compared line by line with header
/// names lower-cased and lines sorted (HTTP does not order headers of different names).
async fn compare_requests(
    clients: &Clients,
    recorder: &Recorder,
) -> Result<Result<(), String>, String> {
    for op in OPS {
        let mut heads = Vec::new();
        for who in [Who::Generated, Who::Baseline] {
            recorder.start();
            call(clients, who, op).await?;
            let mut seen = recorder.stop();
            if seen.len() != 1 {
                return Err(format!(
                    "expected one request, the server saw {}",
                    seen.len()
                ));
            }
            heads.push(normalize(&seen.remove(0)));
        }
        if heads[0] != heads[1] {
            return Ok(Err(format!(
                "{}: generated sends {:?}, baseline sends {:?}",
                op.name(),
                heads[0],
                heads[1]
            )));
        }
    }
    Ok(Ok(()))
}

fn normalize(head: &str) -> Vec<String> {
    let mut lines: Vec<String> = head
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| match l.split_once(':') {
            Some((name, value)) => format!("{}:{}", name.to_ascii_lowercase(), value),
            None => l.to_string(),
        })
        .collect();
    if lines.len() > 1 {
        lines[1..].sort();
    }
    lines
}
