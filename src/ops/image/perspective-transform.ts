/**
 * `keras.ops.image.perspectiveTransform(images, startPoints, endPoints,
 * interpolation = "bilinear", fillValue = 0, dataFormat = null)`: warps each
 * image so that its four `startPoints` (x, y) land on `endPoints` (shape
 * (4, 2), or (batch, 4, 2)), filling uncovered pixels with `fillValue`.
 *
 * The homography mapping end points to start points (output pixel -> input
 * position) is solved per image from Keras's 8 x 8 linear system; its 8
 * coefficients then drive the same resampling as affineTransform. The
 * points are constants: gradients reach the images, not the points.
 */
import { ValueError } from "../../engine/errors.js";
import { Tensor } from "../../engine/tensor.js";
import { formatShape } from "../../engine/shape.js";
import { asTensor, op, readOptions, TensorLike } from "../op.js";
import { cast } from "../core/cast.js";
import { applyProjectiveTransform, readSampleOptions } from "./affine-transform.js";

type PerspectiveOptions = {
  interpolation: string;
  fillValue: number;
  dataFormat: string | null;
};

function checkPoints(points: Tensor, name: string): void {
  const ok = (points.rank === 2 || points.rank === 3) && points.shape[points.rank - 2] === 4 && points.shape[points.rank - 1] === 2;
  if (!ok) {
    throw new ValueError(
      `ops.image.perspectiveTransform: Invalid ${name} shape: expected (4,2) for a single image or (N,4,2) for a batch. ` +
        `Received shape: ${formatShape(points.shape)}`,
    );
  }
}

/**
 * The 8 homography coefficients [a0..a7] with start = H(end) for one image,
 * by Gaussian elimination with partial pivoting on Keras's system:
 * a0 ex + a1 ey + a2 - a6 sx ex - a7 sx ey = sx, and likewise for y.
 */
export function homographyCoefficients(start: ArrayLike<number>, end: ArrayLike<number>): number[] {
  const rows: number[][] = [];
  for (let p = 0; p < 4; p++) {
    const [sx, sy, ex, ey] = [start[2 * p], start[2 * p + 1], end[2 * p], end[2 * p + 1]];
    rows.push([ex, ey, 1, 0, 0, 0, -sx * ex, -sx * ey, sx]);
    rows.push([0, 0, 0, ex, ey, 1, -sy * ex, -sy * ey, sy]);
  }
  for (let col = 0; col < 8; col++) {
    let pivot = col;
    for (let r = col + 1; r < 8; r++) if (Math.abs(rows[r][col]) > Math.abs(rows[pivot][col])) pivot = r;
    if (Math.abs(rows[pivot][col]) < 1e-12) {
      throw new ValueError("ops.image.perspectiveTransform: the points do not define a perspective transform (three of them are collinear).");
    }
    [rows[col], rows[pivot]] = [rows[pivot], rows[col]];
    for (let r = 0; r < 8; r++) {
      if (r === col) continue;
      const f = rows[r][col] / rows[col][col];
      for (let c = col; c < 9; c++) rows[r][c] -= f * rows[col][c];
    }
  }
  return rows.map((row, i) => row[8] / row[i]);
}

export const perspectiveTransform = op(
  "perspectiveTransform",
  (images: TensorLike, startPoints: TensorLike, endPoints: TensorLike, ...rest: unknown[]): Tensor => {
    const opName = "perspectiveTransform";
    const o = readOptions<PerspectiveOptions>(opName, rest, ["interpolation", "fillValue", "dataFormat"]);
    const sampling = readSampleOptions(opName, { ...o, fillMode: "constant" }, "constant");
    const start = cast(asTensor(startPoints, opName), "float64");
    const end = cast(asTensor(endPoints, opName), "float64");
    checkPoints(start, "start_points");
    checkPoints(end, "end_points");
    if (formatShape(start.shape) !== formatShape(end.shape)) {
      throw new ValueError(
        `ops.image.perspectiveTransform: start_points and end_points must have the same shape. ` +
          `Received start_points.shape=${formatShape(start.shape)}, end_points.shape=${formatShape(end.shape)}`,
      );
    }
    const count = start.size / 8;
    const coefficients = new Float64Array(count * 8);
    for (let i = 0; i < count; i++) {
      const h = homographyCoefficients(start.data.subarray(8 * i, 8 * i + 8), end.data.subarray(8 * i, 8 * i + 8));
      coefficients.set(h, 8 * i);
    }
    const transform = new Tensor(coefficients, start.rank === 2 ? [8] : [count, 8], "float64");
    return applyProjectiveTransform(asTensor(images, opName), transform, sampling, o.dataFormat, opName);
  },
);
