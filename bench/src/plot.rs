//! A small SVG line-and-point plot, enough to show how generation grows with spec size.

use crate::stats::Fit;
use std::fmt::Write;

/// One panel: points, an optional fitted line, axis titles.
pub struct Panel<'a> {
    pub title: &'a str,
    pub x_label: &'a str,
    pub y_label: &'a str,
    pub points: Vec<(f64, f64)>,
    pub fit: Option<Fit>,
    pub log_x: bool,
}

const PANEL_W: f64 = 320.0;
const PANEL_H: f64 = 280.0;
const LEFT: f64 = 62.0;
const RIGHT: f64 = 26.0;
const TOP: f64 = 34.0;
const BOTTOM: f64 = 46.0;

/// Panels side by side, as one SVG document.
pub fn svg(panels: &[Panel]) -> String {
    let width = PANEL_W * panels.len() as f64;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{PANEL_H}" viewBox="0 0 {width} {PANEL_H}" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(out, r#"<rect width="{width}" height="{PANEL_H}" fill="white"/>"#);
    for (i, panel) in panels.iter().enumerate() {
        let _ = writeln!(out, r#"<g transform="translate({},0)">"#, i as f64 * PANEL_W);
        draw(&mut out, panel);
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n");
    out
}

fn draw(out: &mut String, panel: &Panel) {
    let plot_w = PANEL_W - LEFT - RIGHT;
    let plot_h = PANEL_H - TOP - BOTTOM;
    let tx = |x: f64| if panel.log_x { x.log10() } else { x };
    let (x_min, x_max) = if panel.log_x {
        let lo = panel.points.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
        let hi = panel.points.iter().map(|p| p.0).fold(0.0, f64::max);
        (lo.log10().floor(), hi.log10().ceil())
    } else {
        let hi = panel.points.iter().map(|p| p.0).fold(0.0, f64::max);
        (0.0, axis_max(hi))
    };
    let y_hi = panel.points.iter().map(|p| p.1).fold(0.0, f64::max);
    let y_max = axis_max(y_hi * 1.05);
    let px = |x: f64| LEFT + (tx(x) - x_min) / (x_max - x_min).max(f64::MIN_POSITIVE) * plot_w;
    let py = |y: f64| TOP + plot_h - y / y_max.max(f64::MIN_POSITIVE) * plot_h;

    let _ = writeln!(
        out,
        r#"<text x="{}" y="18" text-anchor="middle" font-size="13" font-weight="bold">{}</text>"#,
        PANEL_W / 2.0,
        escape(panel.title)
    );
    // Grid and ticks.
    for y in ticks(y_max) {
        let _ = writeln!(
            out,
            r##"<line x1="{LEFT}" y1="{0:.1}" x2="{1:.1}" y2="{0:.1}" stroke="#e4e4e4"/><text x="{2:.1}" y="{3:.1}" text-anchor="end">{4}</text>"##,
            py(y),
            LEFT + plot_w,
            LEFT - 5.0,
            py(y) + 4.0,
            tick_label(y)
        );
    }
    let x_ticks: Vec<f64> = if panel.log_x {
        (x_min as i32..=x_max as i32).map(|e| 10f64.powi(e)).collect()
    } else {
        ticks(x_max)
    };
    for x in x_ticks {
        let _ = writeln!(
            out,
            r##"<line x1="{0:.1}" y1="{TOP}" x2="{0:.1}" y2="{1:.1}" stroke="#e4e4e4"/><text x="{0:.1}" y="{2:.1}" text-anchor="middle">{3}</text>"##,
            px(x),
            TOP + plot_h,
            TOP + plot_h + 15.0,
            tick_label(x)
        );
    }
    let _ = writeln!(
        out,
        r#"<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="black"/>"#
    );
    let _ = writeln!(
        out,
        r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
        LEFT + plot_w / 2.0,
        PANEL_H - 10.0,
        escape(panel.x_label)
    );
    let _ = writeln!(
        out,
        r#"<text transform="translate(14,{}) rotate(-90)" text-anchor="middle">{}</text>"#,
        TOP + plot_h / 2.0,
        escape(panel.y_label)
    );
    if let Some(fit) = panel.fit {
        let _ = writeln!(
            out,
            r##"<text x="{:.1}" y="{:.1}" fill="#2c7fb8">line: least-squares fit</text>"##,
            LEFT + 6.0,
            TOP + 14.0
        );
        let x_end = if panel.log_x { 10f64.powf(x_max) } else { x_max };
        let x_start = if panel.log_x { 10f64.powf(x_min) } else { 0.0 };
        let steps = 40;
        let path: Vec<String> = (0..=steps)
            .map(|i| {
                let x = if panel.log_x {
                    10f64.powf(x_min + (x_max - x_min) * i as f64 / steps as f64)
                } else {
                    x_start + (x_end - x_start) * i as f64 / steps as f64
                };
                let y = (fit.intercept + fit.slope * x).clamp(0.0, y_max);
                format!("{:.1},{:.1}", px(x), py(y))
            })
            .collect();
        let _ = writeln!(
            out,
            r##"<polyline points="{}" fill="none" stroke="#2c7fb8" stroke-width="1.5"/>"##,
            path.join(" ")
        );
    }
    let mut joined = panel.points.clone();
    joined.sort_by(|a, b| a.0.total_cmp(&b.0));
    if panel.fit.is_none() && joined.len() > 1 {
        let path: Vec<String> =
            joined.iter().map(|&(x, y)| format!("{:.1},{:.1}", px(x), py(y))).collect();
        let _ = writeln!(
            out,
            r##"<polyline points="{}" fill="none" stroke="#2c7fb8" stroke-width="1.5"/>"##,
            path.join(" ")
        );
    }
    for &(x, y) in &joined {
        let _ = writeln!(
            out,
            r##"<circle cx="{:.1}" cy="{:.1}" r="4" fill="#d95f0e"><title>{} operations: {}</title></circle>"##,
            px(x),
            py(y),
            x,
            tick_label(y)
        );
    }
}

/// The smallest 1, 2 or 5 times a power of ten that is at least `value`.
fn nice_ceiling(value: f64) -> f64 {
    if value <= 0.0 || !value.is_finite() {
        return 1.0;
    }
    let power = 10f64.powf(value.log10().floor());
    for step in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if step * power >= value {
            return step * power;
        }
    }
    10.0 * power
}

/// The first tick (of [`ticks`]) at or above `value`, so that the data fills the axis.
fn axis_max(value: f64) -> f64 {
    let step = nice_ceiling(value / 5.0);
    ((value / step).ceil() * step).max(step)
}

/// About five evenly spaced ticks from 0 to `max`.
fn ticks(max: f64) -> Vec<f64> {
    let step = nice_ceiling(max / 5.0);
    (0..).map(|i| i as f64 * step).take_while(|&t| t <= max * 1.0001).collect()
}

fn tick_label(value: f64) -> String {
    if value == 0.0 {
        "0".to_string()
    } else if value >= 1000.0 && value.fract() == 0.0 {
        crate::report::thousands(value as u64)
    } else if value >= 10.0 {
        format!("{value:.0}")
    } else if value >= 1.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_numbers() {
        let cases = [(0.7, 1.0), (1.0, 1.0), (1.2, 2.0), (3.0, 5.0), (7.0, 10.0), (4200.0, 5000.0)];
        for (value, expected) in cases {
            assert_eq!(nice_ceiling(value), expected, "{value}");
        }
        assert_eq!(ticks(10.0), [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(axis_max(7140.0), 8000.0);
        assert_eq!(axis_max(1275.0), 1500.0);
        assert_eq!(axis_max(0.0), 1.0);
    }

    #[test]
    fn the_svg_is_one_document_with_every_point() {
        let panel = Panel {
            title: "a < b",
            x_label: "operations",
            y_label: "ms",
            points: vec![(10.0, 1.0), (100.0, 9.0), (1000.0, 95.0)],
            fit: crate::stats::linear_fit(&[(10.0, 1.0), (100.0, 9.0), (1000.0, 95.0)]),
            log_x: false,
        };
        let text = svg(&[panel]);
        assert!(text.starts_with("<svg") && text.trim_end().ends_with("</svg>"));
        assert_eq!(text.matches("<circle").count(), 3);
        assert!(text.contains("a &lt; b"));
    }
}
