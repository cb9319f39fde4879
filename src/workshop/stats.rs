//! Summary statistics (mean, standard deviation, min, max, n) accumulated in one pass.

use serde::{Deserialize, Serialize};

/// A class's spread on one measure. `sd` is the population standard deviation: a workshop's
/// participants are the whole group being described, not a sample of a larger one.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub n: usize,
    pub mean: f64,
    pub sd: f64,
    pub min: f64,
    pub max: f64,
}

/// Welford's running mean and variance; numerically stable and O(1) per value.
#[derive(Debug, Clone, Copy, Default)]
pub struct Acc {
    n: usize,
    mean: f64,
    m2: f64,
    min: f64,
    max: f64,
}

impl Acc {
    pub fn push(&mut self, x: f64) {
        if self.n == 0 {
            self.min = x;
            self.max = x;
        } else {
            self.min = self.min.min(x);
            self.max = self.max.max(x);
        }
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }

    /// Adds every value another accumulator has seen (Chan et al.'s parallel update).
    pub fn merge(&mut self, o: &Acc) {
        if o.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *o;
            return;
        }
        let n = (self.n + o.n) as f64;
        let d = o.mean - self.mean;
        self.m2 += o.m2 + d * d * self.n as f64 * o.n as f64 / n;
        self.mean += d * o.n as f64 / n;
        self.n += o.n;
        self.min = self.min.min(o.min);
        self.max = self.max.max(o.max);
    }

    /// None when no value was pushed.
    pub fn stats(&self) -> Option<Stats> {
        (self.n > 0).then(|| Stats {
            n: self.n,
            mean: self.mean,
            sd: (self.m2 / self.n as f64).max(0.0).sqrt(),
            min: self.min,
            max: self.max,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_textbook_formulas() {
        let xs = [0.25, 1.0, 0.5, 0.75];
        let mut a = Acc::default();
        xs.iter().for_each(|&x| a.push(x));
        let s = a.stats().unwrap();
        assert_eq!(s.n, 4);
        assert!((s.mean - 0.625).abs() < 1e-12);
        let var = xs.iter().map(|x| (x - 0.625) * (x - 0.625)).sum::<f64>() / 4.0;
        assert!((s.sd - var.sqrt()).abs() < 1e-12);
        assert_eq!((s.min, s.max), (0.25, 1.0));
    }

    #[test]
    fn merging_equals_pushing_everything() {
        let (mut a, mut b, mut all) = (Acc::default(), Acc::default(), Acc::default());
        for (i, x) in [0.1, 0.9, 0.4, 0.4, 0.7].into_iter().enumerate() {
            if i < 2 {
                a.push(x)
            } else {
                b.push(x)
            }
            all.push(x);
        }
        a.merge(&b);
        let (m, e) = (a.stats().unwrap(), all.stats().unwrap());
        assert_eq!((m.n, m.min, m.max), (e.n, e.min, e.max));
        assert!((m.mean - e.mean).abs() < 1e-12 && (m.sd - e.sd).abs() < 1e-12);
        assert!(Acc::default().stats().is_none());
    }
}
