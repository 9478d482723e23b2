/**
 * Exact binomial tails and the Clopper-Pearson bounds, through the regularised incomplete beta
 * function: P(X >= k) = I_p(k, n - k + 1) for X ~ Bin(n, p). Written out here (Lentz's continued
 * fraction, Lanczos' log-gamma) so that a count of 100,000 costs a few hundred steps, and so that
 * the bounds take the non-integer effective counts of a cluster-adjusted interval.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Gamma(x) for x > 0 (Lanczos, g = 7; relative error near 1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < 9; i++) sum += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The continued fraction of the incomplete beta function (Lentz), for x < (a + 1) / (a + b + 2). */
function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}

/** The regularised incomplete beta function I_x(a, b), a, b > 0, x in [0, 1]. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return Math.exp(logFront) * betaFraction(x, a, b) / a;
  return 1 - (Math.exp(logFront) * betaFraction(1 - x, b, a)) / b;
}

/** P(X >= k) for X ~ Bin(n, p); k and n may be non-integer (the beta form), 0 <= p <= 1. */
export function binomialUpperTail(n: number, k: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  return regularizedBeta(p, k, n - k + 1);
}

/** P(X <= k) for X ~ Bin(n, p). */
export function binomialLowerTail(n: number, k: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  return 1 - binomialUpperTail(n, k + 1, p);
}

/** P(X = k) for X ~ Bin(n, p), integers 0 <= k <= n. */
export function binomialPmf(n: number, k: number, p: number): number {
  if (k < 0 || k > n) return 0;
  if (p <= 0) return k === 0 ? 1 : 0;
  if (p >= 1) return k === n ? 1 : 0;
  return Math.exp(logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/** The p in [0, 1] where the decreasing function `f` crosses `target`, by bisection to 1e-12. */
function solveDecreasing(f: (p: number) => number, target: number): number {
  let low = 0;
  let high = 1;
  for (let step = 0; step < 60 && high - low > 1e-13; step++) {
    const mid = (low + high) / 2;
    if (f(mid) > target) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/**
 * The one-sided Clopper-Pearson lower bound of a proportion (Clopper & Pearson 1934): the
 * smallest p under which `successes` or more out of `trials` has probability `alpha` or more.
 * Its error on that side is at most `alpha` whatever the true proportion. Non-integer counts
 * (effective counts) are taken through the beta form.
 */
export function clopperPearsonLower(successes: number, trials: number, alpha: number): number {
  if (!(trials > 0)) return 0;
  if (successes <= 0 || alpha <= 0) return 0;
  if (alpha >= 1) return successes / trials;
  // P_p(X >= x) = I_p(x, n - x + 1) increases with p: find where it reaches alpha
  return solveDecreasing((p) => -regularizedBeta(p, successes, trials - successes + 1), -alpha);
}

/** The one-sided Clopper-Pearson upper bound: the largest p under which `successes` or fewer has probability `alpha` or more. */
export function clopperPearsonUpper(successes: number, trials: number, alpha: number): number {
  if (!(trials > 0)) return 1;
  if (successes >= trials || alpha <= 0) return 1;
  if (alpha >= 1) return successes / trials;
  // P_p(X <= x) = 1 - I_p(x + 1, n - x) decreases with p
  return solveDecreasing((p) => 1 - regularizedBeta(p, successes + 1, trials - successes), alpha);
}
