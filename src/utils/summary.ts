/**
 * `model.summary()` in Keras 3's format (keras/src/utils/summary_utils.py):
 * a box table of layers with output shapes and parameter counts (plus a
 * "Connected to" column for non-sequential functional models and an
 * optional "Trainable" column), followed by the parameter totals and sizes.
 */
import { ValueError } from "../engine/errors.js";
import type { Variable } from "../engine/variable.js";
import { flatten } from "./tree.js";
import { pyRound, renderTable, TableColumn } from "./text-table.js";

export interface SummaryOptions {
  /** Total width of the table (default: min(88 or 108, terminal columns - 4)). */
  lineLength?: number;
  /** Column boundaries as fractions of the line (or absolute positions when > 1). */
  positions?: number[];
  /** Receives the whole summary as one string (ending with a newline); default prints it. */
  printFn?: (text: string) => void;
  expandNested?: boolean;
  showTrainable?: boolean;
  /** [firstLayerName, lastLayerName] (regular expressions matched at the start of names). */
  layerRange?: [string, string];
}

/** The parts of a layer / operation the summary reads (kept structural to avoid importing the model classes). */
interface OpLike {
  name: string;
  inboundNodes: NodeLike[];
  constructor: { name: string };
  built?: boolean;
  trainable?: boolean;
  weights?: Variable[];
  countParams?(): number;
  _buildShapes?: unknown[] | null;
  _graph?: { nodes: Set<NodeLike>; nodesByDepth: Map<number, NodeLike[]>; operations: OpLike[] } | null;
  _isSequential?: boolean;
  layers?: OpLike[];
  outputShape?: unknown;
  computeOutputShape?(...shapes: unknown[]): unknown;
}

interface NodeLike {
  inputTensors: readonly { kerasHistory?: { operation: OpLike | null; nodeIndex: number; tensorIndex: number } }[];
  outputTensors: readonly { shape: readonly (number | null)[] }[];
}

interface ModelLike extends OpLike {
  trainableWeights: Variable[];
  nonTrainableWeights: Variable[];
  compiled?: boolean;
  optimizer?: { built?: boolean; variables?: Variable[] } | null;
}

function formatShape(shape: readonly (number | null)[]): string {
  return `(${shape.map((d) => (d === null ? "None" : String(d))).join(", ")})`;
}

function isShape(x: unknown): x is (number | null)[] {
  return Array.isArray(x) && x.every((d) => d === null || typeof d === "number");
}

function formatShapeStructure(x: unknown): string {
  if (isShape(x)) return formatShape(x);
  if (Array.isArray(x)) return `[${x.map(formatShapeStructure).join(", ")}]`;
  if (x && typeof x === "object") return `{${Object.entries(x).map(([k, v]) => `${k}: ${formatShapeStructure(v)}`).join(", ")}}`;
  return String(x);
}

/** Keras's `format_layer_shape`. */
function formatLayerShape(layer: OpLike): string {
  const nodes = layer.inboundNodes ?? [];
  if (nodes.length === 0 && !layer._buildShapes) return "?";
  if (nodes.length > 0) {
    const outputs = nodes[nodes.length - 1].outputTensors.map((t) => formatShape(t.shape));
    return outputs.length === 1 ? outputs[0] : `[${outputs.join(", ")}]`;
  }
  try {
    if (layer._graph) return formatShapeStructure(layer.outputShape);
    const shapes = layer.computeOutputShape!(...(layer._buildShapes ?? []));
    const flat = isShape(shapes) ? [shapes] : flatten(shapes);
    return isShape(shapes) || flat.length === 1 ? formatShapeStructure(shapes) : formatShapeStructure(shapes);
  } catch {
    return "?";
  }
}

function countParams(weights: readonly Variable[]): number {
  return weights.reduce((n, v) => n + v.shape.reduce((a, b) => a * b, 1), 0);
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, float64: 8, int32: 4, bool: 1 };

function memorySize(weights: readonly Variable[]): number {
  let bytes = 0;
  for (const w of new Set(weights)) bytes += w.shape.reduce((a, b) => a * b, 1) * (DTYPE_BYTES[w.dtype] ?? 4);
  return bytes;
}

/** Python's "{:.2f}" (round half to even on exact halves). */
function fixed2(x: number): string {
  const scaled = x * 100;
  const floor = Math.floor(scaled);
  let n = scaled - floor === 0.5 ? (floor % 2 === 0 ? floor : floor + 1) : Math.round(scaled);
  if (!Number.isFinite(n)) n = 0;
  return (n / 100).toFixed(2);
}

export function readableMemorySize(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB", "PB"];
  let size = bytes;
  for (const unit of units) {
    if (size / 1024 < 1) return `${fixed2(size)} ${unit}`;
    size /= 1024;
  }
  return `${fixed2(size)} ${units[units.length - 1]}`;
}

function withThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function defaultColumns(): number {
  const proc = (globalThis as { process?: { stdout?: { columns?: number } } }).process;
  return proc?.stdout?.columns ?? 80;
}

function layerIndexRange(layers: OpLike[], range?: [string, string]): [number, number] {
  if (!range) return [0, layers.length];
  if (range.length !== 2) {
    throw new ValueError(`layer_range must be a list or tuple of length 2. Received: layer_range = ${JSON.stringify(range)} of length ${range.length}`);
  }
  const lower = layers.map((l, i) => (new RegExp(`^(?:${range[0]})`).test(l.name) ? i : -1)).filter((i) => i >= 0);
  const upper = layers.map((l, i) => (new RegExp(`^(?:${range[1]})`).test(l.name) ? i : -1)).filter((i) => i >= 0);
  if (!lower.length || !upper.length) {
    throw new ValueError(`Passed layer_names do not match the layer names in the model. Received: ${JSON.stringify(range)}`);
  }
  if (Math.min(...lower) > Math.max(...upper)) return [Math.min(...upper), Math.max(...lower) + 1];
  return [Math.min(...lower), Math.max(...upper) + 1];
}

/** Builds the summary text (what `printFn` receives). */
export function summaryText(model: ModelLike, options: SummaryOptions = {}): string {
  const graph = model._graph ?? null;
  let sequentialLike = true;
  let layers: OpLike[];
  if (model._isSequential || !graph) {
    layers = model.layers ?? [];
  } else {
    layers = graph.operations;
    const seen: NodeLike[] = [];
    for (const v of graph.nodesByDepth.values()) {
      if (v.length > 1 || (v.length === 1 && v[0].inputTensors.length > 1)) {
        sequentialLike = false;
        break;
      }
      seen.push(...v);
    }
    if (sequentialLike) {
      for (const layer of model.layers ?? []) {
        if (layer.inboundNodes.filter((n) => seen.includes(n)).length > 1) {
          sequentialLike = false;
          break;
        }
      }
    }
  }

  let positions = options.positions;
  let defaultLength: number;
  const columns: TableColumn[] = [];
  const headers = sequentialLike ? ["Layer (type)", "Output Shape", "Param #"] : ["Layer (type)", "Output Shape", "Param #", "Connected to"];
  const justify: TableColumn["justify"][] = sequentialLike ? ["left", "left", "right"] : ["left", "left", "right", "left"];
  if (sequentialLike) {
    defaultLength = 88;
    positions ??= [0.45, 0.8, 1.0];
  } else {
    defaultLength = 108;
    positions ??= [0.3, 0.56, 0.74, 1.0];
  }
  const relevantNodes = new Set<NodeLike>(graph && !sequentialLike ? [...graph.nodesByDepth.values()].flat() : []);
  if (options.showTrainable) {
    defaultLength += 12;
    positions = [...positions.map((p) => p * 0.9), 1.0];
    headers.push("Trainable");
    justify.push("center");
  }
  defaultLength = Math.min(defaultLength, defaultColumns() - 4);
  const lineLength = options.lineLength ?? defaultLength;
  let current = 0;
  positions.forEach((pos, i) => {
    const width = Math.floor(pos <= 1 ? pos * lineLength : pos) - current;
    if (width < 4) throw new ValueError("Insufficient console width to print summary.");
    columns.push({ header: headers[i], width, justify: justify[i] });
    current += width;
  });

  const connections = (layer: OpLike): string => {
    const parts: string[] = [];
    for (const node of layer.inboundNodes) {
      if (relevantNodes.size && !relevantNodes.has(node)) continue;
      for (const kt of node.inputTensors) {
        const h = kt.kerasHistory;
        if (h?.operation) parts.push(`${h.operation.name}[${h.nodeIndex}][${h.tensorIndex}]`);
      }
    }
    return parts.length ? parts.join(", ") : "-";
  };

  const fields = (layer: OpLike, prefix: string): string[] => {
    let params: string;
    if (layer.built === undefined) params = "0";
    else if (!layer.built) params = "0 (unbuilt)";
    else params = withThousands(layer.countParams ? layer.countParams() : 0);
    const row = [`${prefix}${layer.name} (${layer.constructor.name})`, formatLayerShape(layer), params];
    if (!sequentialLike) row.push(connections(layer));
    if (options.showTrainable) row.push(layer.weights && layer.weights.length > 0 ? (layer.trainable ? "Y" : "N") : "-");
    return row;
  };

  const rowsOf = (layer: OpLike, level: number): string[][] => {
    const prefix = level ? "   ".repeat(level) + "└ " : "";
    const rows = [fields(layer, prefix)];
    if (options.expandNested && layer.layers && layer.layers.length) {
      for (const sub of layer.layers) rows.push(...rowsOf(sub, level + 1));
    }
    return rows;
  };

  const [lo, hi] = layerIndexRange(layers, options.layerRange);
  const rows = layers.slice(lo, hi).flatMap((l) => rowsOf(l, 0));

  const trainable = model.trainableWeights;
  const nonTrainable = model.nonTrainableWeights;
  const optimizerVars = model.compiled && model.optimizer && model.optimizer.built ? model.optimizer.variables ?? [] : null;
  const trainableCount = countParams(trainable);
  const nonTrainableCount = countParams(nonTrainable);
  const optimizerCount = optimizerVars ? countParams(optimizerVars) : 0;
  const trainableSize = memorySize(trainable);
  const nonTrainableSize = memorySize(nonTrainable);
  const optimizerSize = optimizerVars ? memorySize(optimizerVars) : 0;

  const lines = [`Model: "${model.name}"`, ...renderTable(columns, rows, lineLength)];
  lines.push(` Total params: ${withThousands(trainableCount + nonTrainableCount + optimizerCount)} (${readableMemorySize(trainableSize + nonTrainableSize + optimizerSize)})`);
  lines.push(` Trainable params: ${withThousands(trainableCount)} (${readableMemorySize(trainableSize)})`);
  lines.push(` Non-trainable params: ${withThousands(nonTrainableCount)} (${readableMemorySize(nonTrainableSize)})`);
  if (optimizerVars) lines.push(` Optimizer params: ${withThousands(optimizerCount)} (${readableMemorySize(optimizerSize)})`);
  return lines.join("\n") + "\n";
}

/** `model.summary(...)`. */
export function printSummary(model: object, options: SummaryOptions = {}): void {
  const text = summaryText(model as ModelLike, options);
  if (options.printFn) options.printFn(text);
  else console.log(text.slice(0, -1));
}

void pyRound;
