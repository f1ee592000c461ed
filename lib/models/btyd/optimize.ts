/**
 * Minimization for the BTYD fits: Nelder-Mead to get near the optimum from a rough start, then BFGS on a
 * central-difference gradient to polish it, inside box bounds.
 *
 * Written here rather than taken from npm: the optimizers on the registry (fmin 0.0.4, optimization-js) are
 * small single-author packages without bounds, TypeScript types or recent maintenance, and what the fits
 * need is small: 3 or 4 log-parameters, a smooth objective, and bounds that keep the likelihood finite.
 */

export type Vector = number[];
export type Objective = (x: Vector) => number;

export interface Bounds {
  lower: Vector;
  upper: Vector;
}

export interface MinimizeResult {
  x: Vector;
  value: number;
  iterations: number;
  /** The gradient's largest component at the end: the convergence evidence reported with a fit. */
  gradientNorm: number;
}

function clamp(x: Vector, bounds: Bounds): Vector {
  return x.map((v, i) => Math.min(bounds.upper[i]!, Math.max(bounds.lower[i]!, v)));
}

/** A non-finite objective (overflow, a parameter at a bound's edge) counts as +Infinity so the search backs off. */
function safe(f: Objective, bounds: Bounds): Objective {
  return (x) => {
    const value = f(clamp(x, bounds));
    return Number.isFinite(value) ? value : Number.POSITIVE_INFINITY;
  };
}

/**
 * Nelder-Mead with the standard coefficients (reflection 1, expansion 2, contraction 1/2, shrink 1/2). It
 * stops once the simplex is small (1e-6 in every coordinate) and flat: it only has to bring BFGS near the
 * optimum, where BFGS converges much faster than the simplex's last shrinking steps.
 */
export function nelderMead(f: Objective, start: Vector, bounds: Bounds, maxIterations = 2000, xTolerance = 1e-6): MinimizeResult {
  const g = safe(f, bounds);
  const n = start.length;
  let simplex: Vector[] = [clamp(start, bounds)];
  for (let i = 0; i < n; i++) {
    const vertex = [...simplex[0]!];
    vertex[i] = vertex[i]! + (Math.abs(vertex[i]!) > 0.5 ? 0.25 * Math.abs(vertex[i]!) : 0.25);
    simplex.push(clamp(vertex, bounds));
  }
  let values = simplex.map(g);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const order = values.map((_, i) => i).sort((p, q) => values[p]! - values[q]!);
    simplex = order.map((i) => simplex[i]!);
    values = order.map((i) => values[i]!);
    const best = values[0]!;
    const worst = values[n]!;
    const size = Math.max(...simplex.slice(1).map((v) => Math.max(...v.map((c, i) => Math.abs(c - simplex[0]![i]!)))));
    if (Math.abs(worst - best) <= 1e-10 * (1 + Math.abs(best)) && size < xTolerance) break;

    const centroid = Array.from({ length: n }, (_, i) => simplex.slice(0, n).reduce((s, v) => s + v[i]!, 0) / n);
    const along = (t: number) => clamp(centroid.map((c, i) => c + t * (simplex[n]![i]! - c)), bounds);
    const reflected = along(-1);
    const fr = g(reflected);
    if (fr < best) {
      const expanded = along(-2);
      const fe = g(expanded);
      [simplex[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[n - 1]!) {
      [simplex[n], values[n]] = [reflected, fr];
    } else {
      const contracted = fr < worst ? along(-0.5) : along(0.5);
      const fc = g(contracted);
      if (fc < Math.min(fr, worst)) {
        [simplex[n], values[n]] = [contracted, fc];
      } else {
        for (let k = 1; k <= n; k++) {
          simplex[k] = clamp(simplex[k]!.map((c, i) => simplex[0]![i]! + 0.5 * (c - simplex[0]![i]!)), bounds);
          values[k] = g(simplex[k]!);
        }
      }
    }
  }
  const bestIndex = values.indexOf(Math.min(...values));
  const x = simplex[bestIndex]!;
  return { x, value: values[bestIndex]!, iterations, gradientNorm: maxAbs(gradient(g, x)) };
}

/** Central differences; the step scales with the coordinate so it suits log-parameters of any size. */
export function gradient(f: Objective, x: Vector, relativeStep = 1e-6): Vector {
  return x.map((xi, i) => {
    const h = relativeStep * Math.max(1, Math.abs(xi));
    const up = [...x];
    const down = [...x];
    up[i] = xi + h;
    down[i] = xi - h;
    return (f(up) - f(down)) / (2 * h);
  });
}

function maxAbs(v: Vector): number {
  return v.reduce((m, c) => Math.max(m, Math.abs(c)), 0);
}

function dot(u: Vector, v: Vector): number {
  return u.reduce((s, c, i) => s + c * v[i]!, 0);
}

/** BFGS with a backtracking (Armijo) line search; steps are clamped to the bounds. */
export function bfgs(f: Objective, start: Vector, bounds: Bounds, maxIterations = 200, tolerance = 1e-9): MinimizeResult {
  const g = safe(f, bounds);
  const n = start.length;
  let x = clamp(start, bounds);
  let value = g(x);
  let grad = gradient(g, x);
  let inverse: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  let iterations = 0;
  for (; iterations < maxIterations && maxAbs(grad) > tolerance; iterations++) {
    let direction = inverse.map((row) => -dot(row, grad));
    if (dot(direction, grad) >= 0) {
      // Not a descent direction (the curvature estimate went bad): restart from steepest descent.
      inverse = inverse.map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
      direction = grad.map((c) => -c);
    }
    let step = 1;
    let next = clamp(x.map((c, i) => c + step * direction[i]!), bounds);
    let nextValue = g(next);
    while (!(nextValue <= value + 1e-4 * step * dot(grad, direction)) && step > 1e-12) {
      step /= 2;
      next = clamp(x.map((c, i) => c + step * direction[i]!), bounds);
      nextValue = g(next);
    }
    if (!(nextValue < value)) break;
    const nextGrad = gradient(g, next);
    const s = next.map((c, i) => c - x[i]!);
    const y = nextGrad.map((c, i) => c - grad[i]!);
    const sy = dot(s, y);
    if (sy > 1e-16) {
      // H+ = (I - ρ s yᵀ) H (I - ρ y sᵀ) + ρ s sᵀ
      const rho = 1 / sy;
      const hy = inverse.map((row) => dot(row, y));
      const yhy = dot(y, hy);
      inverse = inverse.map((row, i) =>
        row.map((h, j) => h - rho * (hy[i]! * s[j]! + s[i]! * hy[j]!) + (rho * rho * yhy + rho) * s[i]! * s[j]!),
      );
    }
    x = next;
    value = nextValue;
    grad = nextGrad;
  }
  return { x, value, iterations, gradientNorm: maxAbs(grad) };
}

/** Second derivatives by central differences (step h in every coordinate). */
export function hessian(f: Objective, x: Vector, h = 1e-4): number[][] {
  const n = x.length;
  const at = (di: number, i: number, dj: number, j: number) => {
    const p = [...x];
    p[i] = p[i]! + di * h;
    p[j] = p[j]! + dj * h;
    return f(p);
  };
  const center = f(x);
  const result = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    result[i]![i] = (at(1, i, 0, i) - 2 * center + at(-1, i, 0, i)) / (h * h);
    for (let j = 0; j < i; j++) {
      const value = (at(1, i, 1, j) - at(1, i, -1, j) - at(-1, i, 1, j) + at(-1, i, -1, j)) / (4 * h * h);
      result[i]![j] = value;
      result[j]![i] = value;
    }
  }
  return result;
}

/**
 * Inverse by Gauss-Jordan elimination with partial pivoting; undefined for a singular matrix.
 * (A 4x4 inverse does not justify a matrix library as a dependency.)
 */
export function invert(matrix: readonly number[][]): number[][] | undefined {
  const n = matrix.length;
  const a = matrix.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    if (!(Math.abs(a[pivot]![col]!) > 1e-300)) return undefined;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const p = a[col]![col]!;
    a[col] = a[col]!.map((v) => v / p);
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = a[r]![col]!;
      if (factor !== 0) a[r] = a[r]!.map((v, k) => v - factor * a[col]![k]!);
    }
  }
  return a.map((row) => row.slice(n));
}
