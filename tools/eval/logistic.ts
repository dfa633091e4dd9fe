/**
 * Binary logistic regression fitted by Newton's method (iteratively reweighted least squares) with an L2
 * penalty on the weights (not the bias). Small on purpose: the story link has a handful of features and some
 * ten thousand training pairs, for which Newton converges in a few exact steps and needs no learning rate.
 */
export interface LogisticFit {
  bias: number;
  weights: number[];
  iterations: number;
  /** Mean negative log-likelihood of the training samples at the fit. */
  loss: number;
}

/** Solves A x = b (A symmetric positive definite, small) by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = col + 1; r < n; r++) {
      const f = m[r][col] / m[col][col];
      for (let c = col; c <= n; c++) m[r][c] -= f * m[col][c];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let sum = m[r][n];
    for (let c = r + 1; c < n; c++) sum -= m[r][c] * x[c];
    x[r] = sum / m[r][r];
  }
  return x;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export function fitLogistic(features: number[][], labels: boolean[], l2 = 1e-3, maxIterations = 50): LogisticFit {
  const n = features.length;
  if (n === 0 || n !== labels.length) throw new Error('logistic regression: needs as many labels as samples, > 0');
  const d = features[0].length + 1;
  const x = (i: number, k: number): number => (k === 0 ? 1 : features[i][k - 1]);
  const theta = new Array<number>(d).fill(0);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const gradient = new Array<number>(d).fill(0);
    const hessian = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (let i = 0; i < n; i++) {
      let z = 0;
      for (let k = 0; k < d; k++) z += theta[k] * x(i, k);
      const p = sigmoid(z);
      const residual = p - (labels[i] ? 1 : 0);
      const w = p * (1 - p);
      for (let k = 0; k < d; k++) {
        gradient[k] += residual * x(i, k);
        for (let l = 0; l <= k; l++) hessian[k][l] += w * x(i, k) * x(i, l);
      }
    }
    for (let k = 0; k < d; k++) for (let l = 0; l < k; l++) hessian[l][k] = hessian[k][l];
    for (let k = 0; k < d; k++) {
      gradient[k] /= n;
      for (let l = 0; l < d; l++) hessian[k][l] /= n;
      if (k > 0) {
        gradient[k] += l2 * theta[k];
        hessian[k][k] += l2;
      }
    }
    const step = solve(hessian, gradient);
    let largest = 0;
    for (let k = 0; k < d; k++) {
      theta[k] -= step[k];
      largest = Math.max(largest, Math.abs(step[k]));
    }
    if (largest < 1e-9) break;
  }
  let loss = 0;
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let k = 0; k < d; k++) z += theta[k] * x(i, k);
    // log(1 + e^z) - y z, written to stay finite for large |z|.
    loss += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - (labels[i] ? z : 0);
  }
  return { bias: theta[0], weights: theta.slice(1), iterations, loss: loss / n };
}
