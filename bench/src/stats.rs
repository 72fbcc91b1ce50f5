//! The few statistics the report needs: quantiles of samples and a straight-line fit.

/// The `q`-quantile (0.0 ..= 1.0) of `samples` by the nearest-rank method; sorts in place.
/// An empty slice gives NaN, so that a missing measurement cannot pass for a fast one.
pub fn quantile(samples: &mut [f64], q: f64) -> f64 {
    if samples.is_empty() {
        return f64::NAN;
    }
    samples.sort_by(f64::total_cmp);
    let rank = (q * samples.len() as f64).ceil() as usize;
    samples[rank.clamp(1, samples.len()) - 1]
}

pub fn median(samples: &mut [f64]) -> f64 {
    quantile(samples, 0.5)
}

/// Least squares `y = intercept + slope * x`, with the coefficient of determination.
#[derive(Debug, Clone, Copy)]
pub struct Fit {
    pub intercept: f64,
    pub slope: f64,
    pub r_squared: f64,
}

pub fn linear_fit(points: &[(f64, f64)]) -> Option<Fit> {
    if points.len() < 2 {
        return None;
    }
    let n = points.len() as f64;
    let mean_x = points.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    let syy: f64 = points.iter().map(|p| (p.1 - mean_y).powi(2)).sum();
    if sxx == 0.0 {
        return None;
    }
    let slope = sxy / sxx;
    let intercept = mean_y - slope * mean_x;
    let residual: f64 = points.iter().map(|p| (p.1 - intercept - slope * p.0).powi(2)).sum();
    let r_squared = if syy == 0.0 { 1.0 } else { 1.0 - residual / syy };
    Some(Fit { intercept, slope, r_squared })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_by_nearest_rank() {
        let cases: &[(&[f64], f64, f64)] = &[
            (&[3.0, 1.0, 2.0], 0.5, 2.0),
            (&[4.0, 1.0, 3.0, 2.0], 0.5, 2.0),
            (&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0], 0.99, 10.0),
            (&[5.0], 0.99, 5.0),
            (&[2.0, 1.0], 0.0, 1.0),
        ];
        for (samples, q, expected) in cases {
            let mut samples = samples.to_vec();
            assert_eq!(quantile(&mut samples, *q), *expected, "{samples:?} q={q}");
        }
        assert!(quantile(&mut [], 0.5).is_nan());
    }

    #[test]
    fn fit_of_a_line_is_exact() {
        let fit = linear_fit(&[(10.0, 25.0), (100.0, 205.0), (1000.0, 2005.0)]).unwrap();
        assert!((fit.slope - 2.0).abs() < 1e-9);
        assert!((fit.intercept - 5.0).abs() < 1e-9);
        assert!((fit.r_squared - 1.0).abs() < 1e-12);
        assert!(linear_fit(&[(1.0, 1.0)]).is_none());
    }
}
