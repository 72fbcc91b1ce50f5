//! Part 2: the generated client against the hand-written baseline, in one process, against
//! the loopback server, in interleaved rounds so that drift of the machine (other builds,
//! frequency changes) falls on both alike.
//!
//! Both clients share one single-threaded runtime on the main thread. For sequential calls
//! the server runs on that thread too; for calls in flight together it has a thread and a
//! core of its own (see [`setup`] for why).

use crate::baseline;
use crate::server::{self, Recorder, Responses};
use crate::stats;
use losant_integration::types::{IntegrationPatch, ObjectId};
use serde::{Deserialize, Serialize};
use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How much to measure.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Plan {
    /// Child processes, one after the other, each measuring every round below. Each has its
    /// own memory layout (ASLR, heap), which moves the ratios by a percent or two from one
    /// process to the next although they hardly move within one: several processes average
    /// that out and show it.
    pub processes: usize,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
    /// The latency ratio (of medians) and the throughput ratio of each process.
    pub latency_process_ratios: Vec<f64>,
    pub throughput_process_ratios: Vec<f64>,
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
    Ok((example("integrations-example")?, example("success-example")?))
}

/// The runtime of the clients, two loopback servers, and both clients pointed at each.
struct Setup {
    runtime: tokio::runtime::Runtime,
    /// Clients of the server that runs on their own runtime, for sequential calls.
    latency: Arc<Clients>,
    /// Clients of the server that has a thread of its own, for calls in flight together.
    throughput: Arc<Clients>,
    recorder: Arc<Recorder>,
    integration_body_bytes: usize,
    success_body_bytes: usize,
}

/// Sequential calls go to a server on the clients' own thread: a call that crosses to a
/// server on the other core waits for two cross-core wake-ups, which on this virtual machine
/// cost 30 to 90 µs depending on whether the other core was idle, i.e. on the other engineers'
/// builds, and would drown a difference of a microsecond. On one thread a call costs only
/// work. Calls in flight together go to a server with a core of its own, so that the clients'
/// core is the one that limits throughput.
fn setup(schemas_md: &Path) -> Result<Setup, String> {
    let (integration_body, success_body) = seed_examples(schemas_md)?;
    let responses = Arc::new(Responses::new(&integration_body, &success_body));
    let recorder = Arc::new(Recorder::default());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot build the client runtime: {e}"))?;
    let mut pairs = Vec::new();
    for placement in [server::Placement::CallerRuntime, server::Placement::OwnThread] {
        let addr = {
            let _inside = runtime.enter();
            server::spawn(responses.clone(), recorder.clone(), placement)
                .map_err(|e| format!("cannot start the loopback server: {e}"))?
        };
        pairs.push(Arc::new(clients(&format!("http://{addr}"))?));
    }
    let throughput = pairs.pop().expect("two pairs");
    let latency = pairs.pop().expect("two pairs");
    Ok(Setup {
        runtime,
        latency,
        throughput,
        recorder,
        integration_body_bytes: integration_body.len(),
        success_body_bytes: success_body.len(),
    })
}

fn clients(base_url: &str) -> Result<Clients, String> {
    Ok(Clients {
        generated: losant_integration::Client::builder()
            .base_url(base_url)
            .token(TOKEN)
            .build()
            .map_err(|e| format!("cannot build the generated client: {e}"))?,
        baseline: baseline::Client::new(base_url, TOKEN, USER_AGENT)?,
        application: APPLICATION_ID.parse().map_err(|e| format!("{e}"))?,
        integration: INTEGRATION_ID.parse().map_err(|e| format!("{e}"))?,
        patch: IntegrationPatch::default().with_topics(vec!["differentTopic".to_string()]),
        baseline_patch: baseline::IntegrationPatch {
            topics: Some(vec!["differentTopic".to_string()]),
            ..Default::default()
        },
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
        let value = args.next().ok_or_else(|| format!("__profile: {arg} needs a value"))?;
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
    let Setup { runtime, latency: clients, .. } = setup(&seed.join("schemas.md"))?;
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
        println!(
            "{who:?} {}: the future of one call is {} bytes",
            op.name(),
            future_size(&clients, who, op)
        );
        Ok(())
    })
}

/// The size of the future a call makes, not polled: for the generated client, the boxed
/// future of `.await` (`IntoFuture`), which the allocator serves from its small-size cache
/// only up to about 1 KiB; for the baseline, its `async fn`'s.
fn future_size(clients: &Clients, who: Who, op: Op) -> usize {
    use std::future::IntoFuture;
    use std::mem::size_of_val;
    let (app, int) = (&clients.application, &clients.integration);
    let generated = &clients.generated;
    let baseline = &clients.baseline;
    match (who, op) {
        (Who::Generated, Op::Get) => {
            size_of_val(&*generated.get_integration(app, int).into_future())
        }
        (Who::Generated, Op::Patch) => {
            size_of_val(&*generated.patch_integration(app, int, &clients.patch).into_future())
        }
        (Who::Generated, Op::Delete) => {
            size_of_val(&*generated.delete_integration(app, int).into_future())
        }
        (Who::Baseline, Op::Get) => {
            size_of_val(&baseline.get_integration(APPLICATION_ID, INTEGRATION_ID))
        }
        (Who::Baseline, Op::Patch) => size_of_val(&baseline.patch_integration(
            APPLICATION_ID,
            INTEGRATION_ID,
            &clients.baseline_patch,
        )),
        (Who::Baseline, Op::Delete) => {
            size_of_val(&baseline.delete_integration(APPLICATION_ID, INTEGRATION_ID))
        }
    }
}

/// What one process measured, in the order of [`OPS`].
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Samples {
    ops: Vec<OpSamples>,
    same_requests: Result<(), String>,
    integration_body_bytes: usize,
    success_body_bytes: usize,
}

/// Index 0 is the generated client, 1 the baseline.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct OpSamples {
    latency_us: [Vec<f32>; 2],
    rps: [Vec<f64>; 2],
    latency_round_ratios: Vec<f64>,
    throughput_round_ratios: Vec<f64>,
}

/// Runs `plan.processes` child processes one after the other and pools what they measured.
pub fn run(schemas_md: &Path, plan: Plan) -> Result<Results, String> {
    let started = Instant::now();
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this executable: {e}"))?;
    let mut pooled: Vec<OpSamples> = OPS.iter().map(|_| OpSamples::default()).collect();
    let mut process_ratios: Vec<[Vec<f64>; 2]> = OPS.iter().map(|_| [vec![], vec![]]).collect();
    let mut first = None;
    for process in 0..plan.processes {
        eprintln!("bench: client overhead, process {} of {}", process + 1, plan.processes);
        let output = std::process::Command::new(&exe)
            .arg("__client")
            .arg(schemas_md)
            .arg(serde_json::to_string(&plan).map_err(|e| e.to_string())?)
            .output()
            .map_err(|e| format!("cannot run the client benchmark child: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "the client benchmark child failed ({}): {}",
                output.status,
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        let samples: Samples = serde_json::from_slice(&output.stdout)
            .map_err(|e| format!("the client benchmark child printed no report: {e}"))?;
        for (i, op) in samples.ops.iter().enumerate() {
            let median =
                |v: &[f32]| stats::median(&mut v.iter().map(|&x| f64::from(x)).collect::<Vec<_>>());
            let rps = |v: &[f64]| stats::median(&mut v.to_vec());
            process_ratios[i][0].push(median(&op.latency_us[0]) / median(&op.latency_us[1]));
            process_ratios[i][1].push(rps(&op.rps[0]) / rps(&op.rps[1]));
            let into = &mut pooled[i];
            for who in 0..2 {
                into.latency_us[who].extend_from_slice(&op.latency_us[who]);
                into.rps[who].extend_from_slice(&op.rps[who]);
            }
            into.latency_round_ratios.extend_from_slice(&op.latency_round_ratios);
            into.throughput_round_ratios.extend_from_slice(&op.throughput_round_ratios);
        }
        first.get_or_insert(samples);
    }
    let first = first.ok_or("no client benchmark process ran")?;
    let ops = OPS
        .into_iter()
        .zip(pooled)
        .zip(process_ratios)
        .map(|((op, samples), [latency_process_ratios, throughput_process_ratios])| {
            let [generated, base] =
                samples.latency_us.map(|v| v.into_iter().map(f64::from).collect::<Vec<f64>>());
            let [mut generated_rps, mut baseline_rps] = samples.rps;
            OpResult {
                op,
                generated: latency_of(&mut generated.clone()),
                baseline: latency_of(&mut base.clone()),
                generated_rps: stats::median(&mut generated_rps),
                baseline_rps: stats::median(&mut baseline_rps),
                latency_round_ratios: samples.latency_round_ratios,
                throughput_round_ratios: samples.throughput_round_ratios,
                latency_process_ratios,
                throughput_process_ratios,
            }
        })
        .collect();
    Ok(Results {
        plan,
        ops,
        same_requests: first.same_requests,
        integration_body_bytes: first.integration_body_bytes,
        success_body_bytes: first.success_body_bytes,
        elapsed: started.elapsed(),
    })
}

/// The `__client` task: one process's measurement, printed as JSON.
pub fn child(args: &[String]) -> Result<(), String> {
    let [schemas_md, plan] = args else {
        return Err("usage: bench __client SCHEMAS_MD PLAN_JSON".into());
    };
    let plan: Plan = serde_json::from_str(plan).map_err(|e| format!("__client: {e}"))?;
    let samples = measure(Path::new(schemas_md), plan)?;
    println!("{}", serde_json::to_string(&samples).map_err(|e| e.to_string())?);
    Ok(())
}

fn measure(schemas_md: &Path, plan: Plan) -> Result<Samples, String> {
    let Setup {
        runtime,
        latency,
        throughput,
        recorder,
        integration_body_bytes,
        success_body_bytes,
    } = setup(schemas_md)?;
    runtime.block_on(async move {
        check_decoded(&latency).await?;
        check_decoded(&throughput).await?;
        let same_requests = compare_requests(&latency, &recorder).await?;

        for op in OPS {
            for who in [Who::Generated, Who::Baseline] {
                for _ in 0..plan.warmup_calls {
                    call(&latency, who, op).await?;
                }
                burst(&throughput, who, op, plan.in_flight, plan.in_flight * 4).await?;
            }
        }

        let mut ops: Vec<OpSamples> = OPS.iter().map(|_| OpSamples::default()).collect();
        for round in 0..plan.latency_rounds {
            for (i, op) in OPS.into_iter().enumerate() {
                let mut round_medians = [0.0; 2];
                for who in order(round) {
                    let mut samples = Vec::with_capacity(plan.latency_batch);
                    for _ in 0..plan.latency_batch {
                        let start = Instant::now();
                        call(&latency, who, op).await?;
                        samples.push(start.elapsed().as_nanos() as f64 / 1_000.0);
                    }
                    ops[i].latency_us[index(who)].extend(samples.iter().map(|&x| x as f32));
                    round_medians[index(who)] = stats::median(&mut samples);
                }
                ops[i].latency_round_ratios.push(round_medians[0] / round_medians[1]);
            }
        }
        for round in 0..plan.throughput_rounds {
            for (i, op) in OPS.into_iter().enumerate() {
                let mut round_rps = [0.0; 2];
                for who in order(round) {
                    let elapsed =
                        burst(&throughput, who, op, plan.in_flight, plan.throughput_requests)
                            .await?;
                    let value = plan.throughput_requests as f64 / elapsed.as_secs_f64();
                    ops[i].rps[index(who)].push(value);
                    round_rps[index(who)] = value;
                }
                ops[i].throughput_round_ratios.push(round_rps[0] / round_rps[1]);
            }
        }
        Ok(Samples { ops, same_requests, integration_body_bytes, success_body_bytes })
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

fn latency_of(samples: &mut [f64]) -> Latency {
    Latency { median_us: stats::median(samples), p99_us: stats::quantile(samples, 0.99) }
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
            black_box(clients.generated.patch_integration(app, int, &clients.patch).await)
                .map_err(|e| failed(&e))?;
        }
        (Who::Generated, Op::Delete) => {
            black_box(clients.generated.delete_integration(app, int).await)
                .map_err(|e| failed(&e))?;
        }
        (Who::Baseline, Op::Get) => {
            black_box(clients.baseline.get_integration(APPLICATION_ID, INTEGRATION_ID).await)
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
            black_box(clients.baseline.delete_integration(APPLICATION_ID, INTEGRATION_ID).await)
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
                return Err(format!("expected one request, the server saw {}", seen.len()));
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The harness end to end with a handful of calls: both servers answer, both clients
    /// decode the examples alike and send the same requests.
    #[test]
    fn one_small_measurement() {
        let dir = std::env::temp_dir().join(format!("bench-client-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let schemas_md = dir.join("schemas.md");
        std::fs::write(
            &schemas_md,
            "### Example <a name=\"integrations-example\"></a>\n\n```json\n{\n  \"name\": \"Example Integrations\",\n  \"creationDate\": \"2016-06-13T04:00:00.000Z\",\n  \"topics\": [\"myTopic\"],\n  \"mqttConfig\": {\"port\": 8883, \"protocol\": \"mqtts\", \"host\": \"broker.example.com\"},\n  \"status\": {\"disconnectInfo\": {\"ts\": null, \"error\": \"Keepalive Timeout\"}}\n}\n```\n\n### Example <a name=\"success-example\"></a>\n\n```json\n{\n  \"success\": true\n}\n```\n",
        )
        .unwrap();
        let plan = Plan {
            processes: 1,
            warmup_calls: 2,
            latency_rounds: 2,
            latency_batch: 3,
            throughput_rounds: 2,
            throughput_requests: 20,
            in_flight: 4,
        };
        let samples = measure(&schemas_md, plan);
        std::fs::remove_dir_all(&dir).unwrap();
        let samples = samples.unwrap();
        assert_eq!(samples.same_requests, Ok(()));
        assert_eq!(samples.ops.len(), OPS.len());
        for op in &samples.ops {
            assert_eq!(op.latency_us[0].len(), 6);
            assert_eq!(op.latency_us[1].len(), 6);
            assert_eq!(op.rps[0].len(), 2);
            assert_eq!(op.throughput_round_ratios.len(), 2);
        }
    }
}
