import { describe, expect, it } from "vitest";
import { bfgs, hessian, invert, nelderMead } from "./optimize";

const bounds = { lower: [-10, -10], upper: [10, 10] };
const rosenbrock = ([x, y]: number[]) => (1 - x!) ** 2 + 100 * (y! - x! * x!) ** 2;

describe("optimizer", () => {
  it("Nelder-Mead then BFGS find Rosenbrock's minimum at (1, 1) from (-1.2, 1)", () => {
    const coarse = nelderMead(rosenbrock, [-1.2, 1], bounds);
    const fine = bfgs(rosenbrock, coarse.x, bounds);
    expect(fine.x[0]).toBeCloseTo(1, 5);
    expect(fine.x[1]).toBeCloseTo(1, 5);
  });

  it("keeps to the bounds: minimizing (x - 5)² within [-1, 2] stops at 2", () => {
    const result = bfgs(([x]) => (x! - 5) ** 2, [0], { lower: [-1], upper: [2] });
    expect(result.x[0]).toBeCloseTo(2, 8);
  });

  it("the Hessian of x² + 3xy + 5y² is [[2, 3], [3, 10]]", () => {
    const h = hessian(([x, y]) => x! * x! + 3 * x! * y! + 5 * y! * y!, [0.3, -0.7]);
    expect(h[0]![0]).toBeCloseTo(2, 5);
    expect(h[0]![1]).toBeCloseTo(3, 5);
    expect(h[1]![1]).toBeCloseTo(10, 5);
  });

  it("inverts [[2, 3], [3, 10]] to [[10, -3], [-3, 2]] / 11, and refuses a singular matrix", () => {
    const inverse = invert([
      [2, 3],
      [3, 10],
    ])!;
    expect(inverse[0]![0]).toBeCloseTo(10 / 11, 14);
    expect(inverse[0]![1]).toBeCloseTo(-3 / 11, 14);
    expect(inverse[1]![1]).toBeCloseTo(2 / 11, 14);
    expect(
      invert([
        [1, 2],
        [2, 4],
      ]),
    ).toBeUndefined();
  });
});
