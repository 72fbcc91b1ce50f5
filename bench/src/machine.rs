//! What the report says about the machine, and how busy other processes kept it.

use std::path::Path;
use std::process::Command;

pub struct Machine {
    pub cpu_model: String,
    /// Cores this process may use (`std::thread::available_parallelism`, as `nproc`).
    pub cores: usize,
    pub memory_kib: u64,
    pub rustc: String,
    pub kernel: String,
    /// UTC, `YYYY-MM-DD HH:MM`.
    pub date: String,
    /// The commit measured, with `+ uncommitted changes` when a tracked file differs from it
    /// (the report files themselves are untracked until the first run is committed).
    pub commit: String,
}

impl Machine {
    pub fn describe(root: &Path) -> Machine {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let field = |text: &str, name: &str| {
            text.lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        };
        let commit = command_output(root, "git", &["rev-parse", "--short", "HEAD"])
            .map(|commit| {
                let dirty =
                    command_output(root, "git", &["status", "--porcelain", "--untracked-files=no"])
                        .is_some_and(|s| !s.is_empty());
                if dirty { format!("{commit} + uncommitted changes") } else { commit }
            })
            .unwrap_or_else(|| "unknown".into());
        Machine {
            cpu_model: field(&cpuinfo, "model name").unwrap_or_else(|| "unknown".into()),
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            memory_kib: field(&meminfo, "MemTotal")
                .and_then(|v| v.trim_end_matches("kB").trim().parse().ok())
                .unwrap_or(0),
            rustc: command_output(root, "rustc", &["-V"]).unwrap_or_else(|| "unknown".into()),
            kernel: std::fs::read_to_string("/proc/sys/kernel/osrelease")
                .map(|s| s.trim().to_string())
                .unwrap_or_else(|_| "unknown".into()),
            date: utc_now(),
            commit,
        }
    }
}

fn command_output(root: &Path, program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).current_dir(root).output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// The current UTC time as `YYYY-MM-DD HH:MM`, from the Unix clock (days to civil date by
/// Howard Hinnant's algorithm), to need no clock feature of chrono.
fn utc_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs()) as i64;
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02} UTC", rest / 3600, rest % 3600 / 60)
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// CPU counters at one moment: the whole machine's (`/proc/stat`) and this process's with
/// its waited-for children (`/proc/self/stat`), in clock ticks.
#[derive(Debug, Clone, Copy)]
pub struct CpuSample {
    total: u64,
    busy: u64,
    own: u64,
}

/// How busy the machine was during a part, in cores (of `Machine::cores`).
#[derive(Debug, Clone, Copy)]
pub struct Load {
    /// Cores' worth of CPU time this benchmark (with its children) used.
    pub own_cores: f64,
    /// Cores' worth of CPU time every other process used: the other engineers' builds.
    pub other_cores: f64,
    pub seconds: f64,
}

impl CpuSample {
    pub fn now() -> CpuSample {
        let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
        let fields: Vec<u64> = stat
            .lines()
            .next()
            .unwrap_or_default()
            .split_whitespace()
            .skip(1)
            .filter_map(|v| v.parse().ok())
            .collect();
        // user nice system idle iowait irq softirq steal (guest time is already in user).
        let total: u64 = fields.iter().take(8).sum();
        let idle = fields.get(3).copied().unwrap_or(0) + fields.get(4).copied().unwrap_or(0);
        let own_stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
        // Fields after the command name (which may hold spaces): utime, stime, cutime and
        // cstime are the 12th to 15th.
        let own = own_stat
            .rsplit_once(')')
            .map(|(_, rest)| {
                rest.split_whitespace().skip(11).take(4).filter_map(|v| v.parse::<u64>().ok()).sum()
            })
            .unwrap_or(0);
        CpuSample { total, busy: total.saturating_sub(idle), own }
    }

    pub fn until_now(self) -> Load {
        let now = CpuSample::now();
        let cpus = std::fs::read_to_string("/proc/stat")
            .unwrap_or_default()
            .lines()
            .filter(|l| l.starts_with("cpu") && l.as_bytes().get(3).is_some_and(u8::is_ascii_digit))
            .count()
            .max(1) as f64;
        let total = now.total.saturating_sub(self.total) as f64;
        let busy = now.busy.saturating_sub(self.busy) as f64;
        let own = now.own.saturating_sub(self.own) as f64;
        // `total` counts every CPU's ticks: per CPU it is the elapsed time.
        let elapsed = (total / cpus).max(1.0);
        Load {
            own_cores: own / elapsed,
            other_cores: (busy - own).max(0.0) / elapsed,
            // Linux reports these counters in USER_HZ, 100 per second.
            seconds: elapsed / 100.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::civil_from_days;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }
}
