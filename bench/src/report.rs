//! The report: `BENCHMARKS.md` (also printed) and the plot `BENCHMARKS.svg`.

use crate::client;
use crate::generation::{Generated, Outcome, Report};
use crate::size::{self, LineCount};
use crate::stats;
use crate::{GenerationPart, INTEGRATION_SPEC, Run, SizePart, plot};
use std::fmt::Write;

/// The anchors of issue 5, measured on this machine with the same spec.
struct Anchor {
    name: &'static str,
    lines: &'static str,
    rebuild: &'static str,
    crates: &'static str,
    generation: &'static str,
    thousand_ops: &'static str,
    latency: &'static str,
    throughput: &'static str,
}

const ANCHORS: [Anchor; 2] = [
    Anchor {
        name: "progenitor 0.15.1",
        lines: "1,742 (1,514 code)",
        rebuild: "0.57 s",
        crates: "86",
        generation: "50 ms",
        thousand_ops: "7.8 s, 523 MiB",
        latency: "1.04–1.07×",
        throughput: "0.91×",
    },
    Anchor {
        name: "openapi-to-rust 0.23.0",
        lines: "889",
        rebuild: "0.54 s",
        crates: "97",
        generation: "8 ms",
        thousand_ops: "not measured",
        latency: "1.00–1.04×",
        throughput: "0.95–0.96×",
    },
];

const LATENCY_TARGET: f64 = 1.02;
const THROUGHPUT_TARGET: f64 = 0.98;
const INTEGRATION_TARGET_MS: f64 = 5.0;
const THOUSAND_OPS_TARGET_S: f64 = 1.0;
const THOUSAND_OPS_TARGET_MIB: f64 = 100.0;
const REBUILD_TARGET_S: f64 = 0.5;
const CRATES_TARGET: usize = 86;
/// Growth counts as linear when time grows no faster than operations^1.1 from 1,000 to
/// 5,000 operations (5× the operations, at most 5.9× the time).
const LINEAR_EXPONENT: f64 = 1.1;

pub fn markdown(run: &Run) -> String {
    let mut out = String::new();
    out.push_str("# Benchmarks\n\n");
    if run.quick {
        out.push_str(
            "**A quick run (`--quick`): few iterations, to try the harness. Not figures of record.**\n\n",
        );
    }
    out.push_str(
        "The figures of one full run of `cargo xtask bench` (issue 5), which prints them and \
         rewrites this file and [`BENCHMARKS.svg`](BENCHMARKS.svg). `cargo xtask bench --quick` \
         tries the harness in a minute and writes to `target/bench/` instead. The benchmark is not part of \
         `cargo test`.\n\n",
    );
    machine_section(&mut out, run);
    summary_section(&mut out, run);
    if let Some(part) = &run.generation {
        generation_section(&mut out, part);
    }
    if let Some(results) = &run.client {
        client_section(&mut out, results);
    }
    size_section(&mut out, run);
    if let Some(paging) = &run.paging {
        paging_section(&mut out, paging);
    }
    method_section(&mut out);
    out
}

fn paging_section(out: &mut String, paging: &Result<crate::paging::Report, String>) {
    let _ = writeln!(out, "## Memory of every page\n");
    let p = match paging {
        Ok(p) => p,
        Err(e) => {
            let _ = writeln!(out, "Not measured: {e}\n");
            return;
        }
    };
    let mib = |kib: u64| kib as f64 / 1024.0;
    let _ = writeln!(
        out,
        "`list_integrations(..).per_page({}).items()` over a loopback server of {} integrations \
         (the Integration example, {} KiB of JSON a page), counted without being kept, in a \
         process of its own: {} items in {} requests (one page alone, then every page), \
         {:.1} s. Peak resident set: {:.1} MiB with the client built, {:.1} MiB after one \
         page, {:.1} MiB after all {} pages: the walk holds one decoded page at a time \
         ({:.1} MiB for a page; {:.1} MiB more over the other {} pages, where keeping every \
         page would take a hundred times one).\n",
        crate::paging::PER_PAGE,
        thousands(crate::paging::ITEMS as u64),
        p.page_bytes / 1024,
        thousands(p.items as u64),
        p.requests,
        p.elapsed.as_secs_f64(),
        mib(p.ready_kib),
        mib(p.one_page_kib),
        mib(p.all_pages_kib),
        p.requests.saturating_sub(1),
        mib(p.one_page_kib.saturating_sub(p.ready_kib)),
        mib(p.all_pages_kib.saturating_sub(p.one_page_kib)),
        p.requests.saturating_sub(2),
    );
}

fn machine_section(out: &mut String, run: &Run) {
    let m = &run.machine;
    let _ = writeln!(out, "## Machine\n");
    let _ = writeln!(out, "- CPU: {} ({} cores available to the benchmark)", m.cpu_model, m.cores);
    let _ = writeln!(out, "- Memory: {:.1} GiB", m.memory_kib as f64 / 1024.0 / 1024.0);
    let _ = writeln!(out, "- Kernel: Linux {}", m.kernel);
    let _ = writeln!(out, "- Compiler: {}, release profile", m.rustc);
    let _ = writeln!(out, "- Date: {}", m.date);
    let _ = writeln!(out, "- Commit measured: {}", m.commit);
    let _ = writeln!(
        out,
        "- Whole run: {:.0} s. The cores are shared with other engineers' builds; CPU time \
         used while each part ran, in cores:",
        run.elapsed.as_secs_f64()
    );
    for (part, load) in &run.load {
        let _ = writeln!(
            out,
            "  - {part} ({:.0} s): this benchmark {:.2}, other processes {:.2}",
            load.seconds, load.own_cores, load.other_cores
        );
    }
    out.push('\n');
}

fn summary_section(out: &mut String, run: &Run) {
    let start = out.len();
    let _ = writeln!(out, "## Against the targets and the anchors\n");
    let _ = writeln!(
        out,
        "| | ours | target | {} | {} |\n|---|---|---|---|---|",
        ANCHORS[0].name, ANCHORS[1].name
    );
    let row =
        |out: &mut String, what: &str, ours: String, target: &str, pick: fn(&Anchor) -> &str| {
            let _ = writeln!(
                out,
                "| {what} | {ours} | {target} | {} | {} |",
                pick(&ANCHORS[0]),
                pick(&ANCHORS[1])
            );
        };
    if let Some(part) = &run.generation {
        let integration = generated(&part.integration).map(|g| {
            let ms = median_ns(&g.warm_ns) / 1e6;
            format!("{} {}", fmt_ms(ms), verdict(ms < INTEGRATION_TARGET_MS))
        });
        row(
            out,
            "generation, integration spec",
            integration.unwrap_or_else(|| "failed".into()),
            "< 5 ms",
            |a| a.generation,
        );
        let thousand =
            part.synthetic.iter().find(|(n, _)| *n == 1_000).and_then(|(_, r)| generated(r)).map(
                |g| {
                    let s = median_ns(&g.warm_ns) / 1e9;
                    let mib = g.hwm_kib as f64 / 1024.0;
                    format!(
                        "{}, {mib:.0} MiB {}",
                        fmt_ms(s * 1e3),
                        verdict(s < THOUSAND_OPS_TARGET_S && mib < THOUSAND_OPS_TARGET_MIB)
                    )
                },
            );
        row(
            out,
            "generation, 1,000 operations (time, peak RSS)",
            thousand.unwrap_or_else(|| "failed".into()),
            "< 1 s, < 100 MiB",
            |a| a.thousand_ops,
        );
        if let Some(growth) = growth(part) {
            row(
                out,
                "growth, 1,000 → 5,000 operations",
                format!(
                    "time ×{:.2}, exponent {:.2} {}",
                    growth.time_factor,
                    growth.exponent,
                    verdict(growth.exponent <= LINEAR_EXPONENT)
                ),
                "linear",
                |a| {
                    if a.name.starts_with("progenitor") {
                        "roughly linear (3,000 ops: 24 s, 1.5 GiB)"
                    } else {
                        "not measured"
                    }
                },
            );
        }
    }
    if let Some(Ok(results)) = &run.client {
        let latency = results
            .ops
            .iter()
            .map(|r| format!("{} {:.3}×", r.op.name(), r.latency_ratio()))
            .collect::<Vec<_>>()
            .join(", ");
        let ok = results.ops.iter().all(|r| r.latency_ratio() <= LATENCY_TARGET);
        row(
            out,
            "latency / baseline (median)",
            format!("{latency} {}", verdict(ok)),
            "≤ 1.02×",
            |a| a.latency,
        );
        let throughput = results
            .ops
            .iter()
            .map(|r| format!("{} {:.3}×", r.op.name(), r.throughput_ratio()))
            .collect::<Vec<_>>()
            .join(", ");
        let ok = results.ops.iter().all(|r| r.throughput_ratio() >= THROUGHPUT_TARGET);
        row(
            out,
            "throughput / baseline (64 in flight)",
            format!("{throughput} {}", verdict(ok)),
            "≥ 0.98×",
            |a| a.throughput,
        );
    }
    if let Some(part) = &run.generation
        && let Some(g) = generated(&part.integration)
    {
        let lines = total_lines(g);
        row(
            out,
            "generated lines, integration spec",
            format!(
                "{} ({} code, {} comment, {} blank)",
                thousands(lines.total() as u64),
                thousands(lines.code as u64),
                thousands(lines.comment as u64),
                thousands(lines.blank as u64)
            ),
            "report",
            |a| a.lines,
        );
    }
    if let Some(part) = &run.size {
        let rebuild = match &part.compile {
            Ok(c) => {
                let s = c.rebuild_median();
                format!("{s:.2} s {}", verdict(s < REBUILD_TARGET_S))
            }
            Err(_) => "failed".into(),
        };
        row(out, "crate-only rebuild (dev profile)", rebuild, "< 0.5 s", |a| a.rebuild);
        let crates = match &part.dependencies {
            Ok(d) => format!(
                "{} normal ({} with build deps) {}",
                d.normal,
                d.normal_and_build,
                verdict(d.normal <= CRATES_TARGET)
            ),
            Err(_) => "failed".into(),
        };
        row(out, "crates in the dependency tree", crates, "≤ 86", |a| a.crates);
    }
    if out[start..].contains("(**missed**)") {
        out.push_str(
            "\nWhere the time and memory go where a target is missed, with what would fix it: \
             [`bench/PROFILES.md`](bench/PROFILES.md), written by hand from profiles of the \
             commit it names (the commands there repeat them).\n",
        );
    }
    out.push_str(
        "\nThe anchors are the figures of issue 5, measured on this machine with the same spec; \
         they were not re-measured here. How they counted lines and crates is not recorded, so \
         compare those two loosely.\n\n",
    );
}

fn generation_section(out: &mut String, part: &GenerationPart) {
    let _ = writeln!(out, "## 1. Generator\n");
    let _ = writeln!(
        out,
        "`generator::generate(&spec, &config)`, release build. Each document is generated in a \
         fresh child process: the first call is *first run*; then the call is repeated for \
         about {:.1} s ({} to {} times) and *generate* is the median of those. *Front end* is \
         the share of `generator::model` (load, validate, lower) in that time, measured as \
         often; the rest is emit and format. *Peak RSS* is the child's `VmHWM` after the first \
         call, for the whole process; *before* is `VmHWM` with the document's text read, \
         before generating.\n",
        part.budget.time.as_secs_f64(),
        part.budget.min_iterations,
        part.budget.max_iterations
    );
    match &part.matches_checked_in {
        Ok(true) => out.push_str(
            "The integration spec's output is byte for byte the checked-in `generated/src`.\n\n",
        ),
        Ok(false) => out.push_str(
            "**The integration spec's output differs from the checked-in `generated/src`** \
             (run `cargo xtask codegen`); the figures are for what the spec generates now.\n\n",
        ),
        Err(e) => {
            let _ = writeln!(out, "The integration spec did not generate: {e}\n");
        }
    }
    out.push_str(
        "| document | bytes | operations | types | generate | first run | front end | peak RSS (before) | per operation |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    let mut refused = Vec::new();
    let mut rows: Vec<(String, &Result<Report, String>)> =
        vec![(format!("`{INTEGRATION_SPEC}`"), &part.integration)];
    for (n, report) in &part.synthetic {
        rows.push((format!("synthetic, {} operations", thousands(*n as u64)), report));
    }
    if let Ok(corpus) = &part.corpus {
        for (label, report) in corpus {
            rows.push((format!("`{label}`"), report));
        }
    }
    for (label, report) in rows {
        match report {
            Ok(Report { bytes, outcome: Outcome::Generated(g) }) => {
                let ms = median_ns(&g.warm_ns) / 1e6;
                let _ = writeln!(
                    out,
                    "| {label} | {} | {} | {} | {} | {} | {:.0} % | {} ({}) | {:.0} µs |",
                    thousands(*bytes as u64),
                    thousands(g.operations as u64),
                    thousands(g.types as u64),
                    fmt_ms(ms),
                    fmt_ms(g.cold_ns as f64 / 1e6),
                    100.0 * median_ns(&g.model_ns) / median_ns(&g.warm_ns),
                    fmt_mib(g.hwm_kib),
                    fmt_mib(g.hwm_before_kib),
                    ms * 1e3 / g.operations.max(1) as f64,
                );
            }
            Ok(Report {
                bytes,
                outcome: Outcome::Refused { kind, first_line, first_problem, time_ns },
            }) => refused.push(format!(
                "- {label} ({} bytes, refused in {}): {kind}: {}{}",
                thousands(*bytes as u64),
                fmt_ms(*time_ns as f64 / 1e6),
                first_line.trim_end_matches(':'),
                first_problem
                    .as_ref()
                    .map(|p| format!("; the first: {}", code(p)))
                    .unwrap_or_default()
            )),
            Err(e) => refused.push(format!("- {label}: the measurement failed: {e}")),
        }
    }
    if !refused.is_empty() {
        out.push_str("\nDocuments the generator does not support yet (reported, not fatal):\n\n");
        for line in refused {
            let _ = writeln!(out, "{line}");
        }
    }
    if let Err(e) = &part.corpus {
        let _ = writeln!(out, "\nThe corpus was not measured: {e}");
    }
    out.push('\n');

    let points = synthetic_points(part);
    if points.len() >= 2 {
        let _ = writeln!(out, "### Growth with the number of operations\n");
        let time: Vec<(f64, f64)> = points.iter().map(|p| (p.0, p.1)).collect();
        let memory: Vec<(f64, f64)> = points.iter().map(|p| (p.0, p.2)).collect();
        if let (Some(t), Some(m)) = (stats::linear_fit(&time), stats::linear_fit(&memory)) {
            let _ = writeln!(
                out,
                "Least-squares lines over the synthetic sizes: time = {:.2} ms + {:.1} µs × \
                 operations (R² = {:.4}); peak RSS = {:.1} MiB + {:.1} KiB × operations \
                 (R² = {:.4}).\n",
                t.intercept,
                t.slope * 1e3,
                t.r_squared,
                m.intercept,
                m.slope * 1024.0,
                m.r_squared
            );
        }
        let per_op: Vec<String> = points
            .iter()
            .map(|p| format!("{}: {:.0} µs", thousands(p.0 as u64), p.1 * 1e3 / p.0))
            .collect();
        let _ = writeln!(out, "Time per operation — {}.", per_op.join(", "));
        if let Some(g) = growth(part) {
            let _ = writeln!(
                out,
                "From 1,000 to 5,000 operations the time grows ×{:.2} and peak RSS ×{:.2}: a \
                 growth exponent of {:.2} for time (1.00 is linear, 2.00 quadratic). {}",
                g.time_factor,
                g.memory_factor,
                g.exponent,
                if g.exponent <= LINEAR_EXPONENT { "Linear." } else { "**Worse than linear.**" }
            );
        }
        out.push_str(
            "\n![generation time, peak memory and time per operation against the number of \
             operations](BENCHMARKS.svg)\n\n",
        );
    }
}

fn client_section(out: &mut String, results: &Result<client::Results, String>) {
    let _ = writeln!(out, "## 2. Client overhead\n");
    let results = match results {
        Ok(results) => results,
        Err(e) => {
            let _ = writeln!(out, "Not measured: {e}\n");
            return;
        }
    };
    let plan = results.plan;
    let _ = writeln!(
        out,
        "The generated client (`losant-integration`) against a hand-written reqwest + serde \
         client (`bench/src/baseline.rs`) in the same process, against an in-process loopback \
         HTTP/1.1 server that answers GET and PATCH with the Integration example of the seed \
         `schemas.md` ({} bytes, verbatim) and DELETE with its Success example ({} bytes), \
         over keep-alive connections. Both clients share one single-threaded tokio runtime. \
         Ratios are generated / baseline: above 1 the generated client is slower in latency, \
         below 1 slower in throughput.\n\n\
         - Latency: the server runs on the clients' thread, so a call costs the work of client, \
         server and kernel and no cross-core wake-up (on this virtual machine two of those per \
         call cost 30 to 90 µs, depending on whether the other core is idle, that is on the \
         other engineers' builds). In each round every operation makes {} sequential calls on \
         one client, then on the other; the order alternates by round.\n\
         - Throughput: the server has a thread, so a core, of its own; {} requests per client \
         and operation per round, {} in flight, alternating the same way. The clients' core \
         is the one that limits.\n\
         - {} processes one after the other, each with {} latency rounds ({} calls per client \
         and operation in all) and {} throughput rounds, pooled. Within one process the ratios \
         hardly move; between processes (memory layout differs: ASLR, heap) they move by a \
         percent or two, so the table pools several and the lines below it show each.\n\
         - *Spread*: first to third quartile of the ratio within each round.\n",
        results.integration_body_bytes,
        results.success_body_bytes,
        plan.latency_batch,
        thousands(plan.throughput_requests as u64),
        plan.in_flight,
        plan.processes,
        plan.latency_rounds,
        thousands((plan.processes * plan.latency_rounds * plan.latency_batch) as u64),
        plan.throughput_rounds,
    );
    match &results.same_requests {
        Ok(()) => out.push_str(
            "Both clients send the same request for each operation (method, path and every \
             header name and value, as the server read them).\n\n",
        ),
        Err(e) => {
            let _ = writeln!(out, "**The clients send different requests:** {e}\n");
        }
    }
    out.push_str(
        "| operation | median latency, µs (gen / base) | ratio (spread) | p99, µs (gen / base) | ratio | throughput, req/s (gen / base) | ratio (spread) |\n\
         |---|---:|---:|---:|---:|---:|---:|\n",
    );
    for r in &results.ops {
        let _ = writeln!(
            out,
            "| {} | {:.1} / {:.1} | **{:.3}** ({}) {} | {:.1} / {:.1} | {:.3} | {} / {} | **{:.3}** ({}) {} |",
            r.op.name(),
            r.generated.median_us,
            r.baseline.median_us,
            r.latency_ratio(),
            spread(&r.latency_round_ratios),
            verdict(r.latency_ratio() <= LATENCY_TARGET),
            r.generated.p99_us,
            r.baseline.p99_us,
            r.p99_ratio(),
            thousands(r.generated_rps as u64),
            thousands(r.baseline_rps as u64),
            r.throughput_ratio(),
            spread(&r.throughput_round_ratios),
            verdict(r.throughput_ratio() >= THROUGHPUT_TARGET),
        );
    }
    out.push_str("\nRatios of each process, in the order they ran:\n\n");
    for r in &results.ops {
        let list = |ratios: &[f64]| {
            ratios.iter().map(|x| format!("{x:.3}")).collect::<Vec<_>>().join(", ")
        };
        let _ = writeln!(
            out,
            "- {}: latency {}; throughput {}",
            r.op.name(),
            list(&r.latency_process_ratios),
            list(&r.throughput_process_ratios)
        );
    }
    let _ = writeln!(
        out,
        "\nTargets: latency ratio ≤ {LATENCY_TARGET} and throughput ratio ≥ {THROUGHPUT_TARGET} \
         for every operation. Measured in {:.0} s.\n",
        results.elapsed.as_secs_f64()
    );
}

fn size_section(out: &mut String, run: &Run) {
    if run.generation.is_none() && run.size.is_none() {
        return;
    }
    let _ = writeln!(out, "## 3. Size of the generated code\n");
    out.push_str(
        "Lines of the generated files: *comment* counts lines whose first non-blank \
         characters are `//` (docs `///` and `//!`, and the `@generated` header), *blank* \
         lines holding only whitespace, *code* all others, attributes included. `runtime.rs` \
         is the same for every spec.\n\n",
    );
    if let Some(part) = &run.generation {
        if let Some(g) = generated(&part.integration) {
            let _ = writeln!(out, "`{INTEGRATION_SPEC}`:\n");
            out.push_str("| file | code | comment | blank | total |\n|---|---:|---:|---:|---:|\n");
            for (path, lines) in &g.files {
                line_row(out, &format!("`{path}`"), *lines);
            }
            line_row(out, "**all**", total_lines(g));
            out.push('\n');
        }
        if let Ok(corpus) = &part.corpus {
            let generated_docs: Vec<(&String, &Generated)> =
                corpus.iter().filter_map(|(label, r)| generated(r).map(|g| (label, g))).collect();
            if !generated_docs.is_empty() {
                out.push_str("Corpus documents that generate (all files):\n\n");
                out.push_str(
                    "| document | operations | code | comment | blank | total |\n|---|---:|---:|---:|---:|---:|\n",
                );
                for (label, g) in generated_docs {
                    let lines = total_lines(g);
                    let _ = writeln!(
                        out,
                        "| `{label}` | {} | {} | {} | {} | {} |",
                        g.operations,
                        thousands(lines.code as u64),
                        thousands(lines.comment as u64),
                        thousands(lines.blank as u64),
                        thousands(lines.total() as u64)
                    );
                }
                out.push('\n');
            }
        }
    }
    if let Some(SizePart { compile, dependencies, repetitions }) = &run.size {
        match compile {
            Ok(c) => {
                let runs: Vec<String> = c.rebuild_s.iter().map(|s| format!("{s:.2}")).collect();
                let _ = writeln!(
                    out,
                    "Crate-only rebuild: **{:.2} s** (median of {repetitions}: {} s) for \
                     `touch generated/src/lib.rs && {}` (dev profile, dependencies built \
                     beforehand by the same command), of which about {:.2} s is cargo's own \
                     work: the same command with nothing to rebuild takes that long. Target \
                     < {REBUILD_TARGET_S} s {}.\n",
                    c.rebuild_median(),
                    runs.join(", "),
                    size::BUILD_COMMAND,
                    c.noop_median(),
                    verdict(c.rebuild_median() < REBUILD_TARGET_S)
                );
            }
            Err(e) => {
                let _ = writeln!(out, "Crate-only rebuild not measured: {e}\n");
            }
        }
        match dependencies {
            Ok(d) => {
                let _ = writeln!(
                    out,
                    "Dependency tree: **{}** crates linked (distinct name and version in `{}`, \
                     the crate itself not counted); **{}** with the build scripts' \
                     dependencies (`{}`). Host target only, as cargo tree shows by default. \
                     Target ≤ {CRATES_TARGET} {}.\n",
                    d.normal,
                    size::TREE_NORMAL,
                    d.normal_and_build,
                    size::TREE_WITH_BUILD,
                    verdict(d.normal <= CRATES_TARGET)
                );
            }
            Err(e) => {
                let _ = writeln!(out, "Dependency tree not counted: {e}\n");
            }
        }
    }
}

fn method_section(out: &mut String) {
    out.push_str(
        "## How it measures\n\n\
         - `cargo xtask bench` builds `bench/` in release mode and runs it; all code is in \
         `bench/src/` (`generation.rs`, `synthetic.rs`, `client.rs`, `server.rs`, \
         `baseline.rs`, `size.rs`).\n\
         - Synthetic specs: per two operations one path (`get` with an integer and an enum \
         query parameter, `patch` with a JSON body), a resource schema with constrained \
         strings, an integer, an array, an inline object and `$ref`s, its patch schema and \
         an enum; shared `ObjectId`, `Error`, 400 and 404 responses. YAML, like \
         `spec/integration.yaml`.\n\
         - Peak memory is per child process, so one document's allocations cannot raise \
         another's figure; it includes the process's own baseline (the *before* column).\n\
         - The client comparison interleaves the two clients in every round, so slow drift \
         (other builds starting and stopping) falls on both; short bursts still widen the \
         p99s and the spread. Each of its processes is this binary run as \
         `bench __client SCHEMAS_MD PLAN_JSON`.\n\
         - `target/release/bench __profile --client generated|baseline --op get|patch|delete \
         --calls N --seed ../shared/seed` runs one client alone against the loopback server, \
         and `target/release/bench __generate --synthetic N` (or `--spec PATH`) one \
         generation, for a profiler such as `valgrind --tool=callgrind`.\n\n",
    );
}

/// The SVG plot of generation time, peak memory and time per operation.
pub fn svg(run: &Run) -> String {
    let points = run.generation.as_ref().map(synthetic_points).unwrap_or_default();
    let time: Vec<(f64, f64)> = points.iter().map(|p| (p.0, p.1)).collect();
    let memory: Vec<(f64, f64)> = points.iter().map(|p| (p.0, p.2)).collect();
    let per_op: Vec<(f64, f64)> = points.iter().map(|p| (p.0, p.1 * 1e3 / p.0)).collect();
    plot::svg(&[
        plot::Panel {
            title: "generate() time",
            x_label: "operations",
            y_label: "ms (median)",
            fit: stats::linear_fit(&time),
            points: time,
            log_x: false,
        },
        plot::Panel {
            title: "peak RSS of the process",
            x_label: "operations",
            y_label: "MiB (VmHWM)",
            fit: stats::linear_fit(&memory),
            points: memory,
            log_x: false,
        },
        plot::Panel {
            title: "time per operation (flat = linear)",
            x_label: "operations (log scale)",
            y_label: "µs per operation",
            points: per_op,
            fit: None,
            log_x: true,
        },
    ])
}

/// `(operations, median ms, peak MiB)` of each synthetic size that generated.
fn synthetic_points(part: &GenerationPart) -> Vec<(f64, f64, f64)> {
    part.synthetic
        .iter()
        .filter_map(|(n, r)| {
            generated(r)
                .map(|g| (*n as f64, median_ns(&g.warm_ns) / 1e6, g.hwm_kib as f64 / 1024.0))
        })
        .collect()
}

struct Growth {
    time_factor: f64,
    memory_factor: f64,
    exponent: f64,
}

fn growth(part: &GenerationPart) -> Option<Growth> {
    let find = |size: usize| {
        part.synthetic.iter().find(|(n, _)| *n == size).and_then(|(_, r)| generated(r))
    };
    let (small, large) = (find(1_000)?, find(5_000)?);
    let time_factor = median_ns(&large.warm_ns) / median_ns(&small.warm_ns);
    Some(Growth {
        time_factor,
        memory_factor: large.hwm_kib as f64 / small.hwm_kib as f64,
        exponent: time_factor.ln() / 5f64.ln(),
    })
}

fn generated(report: &Result<Report, String>) -> Option<&Generated> {
    match report {
        Ok(Report { outcome: Outcome::Generated(g), .. }) => Some(g),
        _ => None,
    }
}

fn total_lines(g: &Generated) -> LineCount {
    let mut total = LineCount::default();
    for (_, lines) in &g.files {
        total.add(*lines);
    }
    total
}

fn line_row(out: &mut String, label: &str, lines: LineCount) {
    let _ = writeln!(
        out,
        "| {label} | {} | {} | {} | {} |",
        thousands(lines.code as u64),
        thousands(lines.comment as u64),
        thousands(lines.blank as u64),
        thousands(lines.total() as u64)
    );
}

fn median_ns(samples: &[u64]) -> f64 {
    let mut samples: Vec<f64> = samples.iter().map(|&n| n as f64).collect();
    stats::median(&mut samples)
}

fn spread(ratios: &[f64]) -> String {
    let mut ratios = ratios.to_vec();
    format!("{:.3}–{:.3}", stats::quantile(&mut ratios, 0.25), stats::quantile(&mut ratios, 0.75))
}

/// `text` as inline code, fenced with two backticks when it holds one itself.
fn code(text: &str) -> String {
    if text.contains('`') { format!("`` {text} ``") } else { format!("`{text}`") }
}

fn verdict(met: bool) -> &'static str {
    if met { "(met)" } else { "(**missed**)" }
}

fn fmt_ms(ms: f64) -> String {
    if ms >= 1_000.0 {
        format!("{:.2} s", ms / 1_000.0)
    } else if ms >= 100.0 {
        format!("{ms:.0} ms")
    } else if ms >= 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.2} ms")
    }
}

fn fmt_mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(fmt_ms(3.214), "3.21 ms");
        assert_eq!(fmt_ms(42.0), "42.0 ms");
        assert_eq!(fmt_ms(420.4), "420 ms");
        assert_eq!(fmt_ms(1_500.0), "1.50 s");
        assert_eq!(code("a: b"), "`a: b`");
        assert_eq!(code("a: `default` b"), "`` a: `default` b ``");
    }
}
