import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/**
 * A small ONNX graph written with onnx-proto (protobufjs): what the BreastMNIST trainer
 * (tools/models) and the fault models (testing/build-fault-models.ts) export. Opset 13, IR 8,
 * the versions Debian's python3-onnx checks.
 */
export interface OnnxGraphSpec {
  name: string;
  inputs: OnnxValueSpec[];
  outputs: OnnxValueSpec[];
  initializers?: OnnxInitializerSpec[];
  nodes: OnnxNodeSpec[];
  docString?: string;
}

export interface OnnxValueSpec {
  name: string;
  type: 'float32' | 'uint8' | 'int64';
  /** Numbers are fixed dimensions, strings symbolic ones (e.g. 'N'). */
  shape: readonly (number | string)[];
}

export interface OnnxInitializerSpec {
  name: string;
  dims: readonly number[];
  /** float32 values, or int64 given as numbers. */
  floats?: ArrayLike<number>;
  int64s?: readonly number[];
}

export interface OnnxNodeSpec {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attributes?: Record<string, number | readonly number[] | OnnxInitializerSpec>;
}

export const ONNX_OPSET = 13;
export const ONNX_IR_VERSION = 8;

const ELEMENT_TYPE = {
  float32: onnx.TensorProto.DataType.FLOAT,
  uint8: onnx.TensorProto.DataType.UINT8,
  int64: onnx.TensorProto.DataType.INT64,
} as const;

function valueInfo({ name, type, shape }: OnnxValueSpec) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType: ELEMENT_TYPE[type],
        shape: {
          dim: shape.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })),
        },
      },
    },
  });
}

function tensor({ name, dims, floats, int64s }: OnnxInitializerSpec) {
  if (int64s)
    return onnx.TensorProto.create({
      name,
      dims: [...dims],
      dataType: ELEMENT_TYPE.int64,
      int64Data: [...int64s],
    });
  const raw = Float32Array.from(floats ?? []);
  // raw_data is little-endian float32: what exporters write, and compact for large weights.
  return onnx.TensorProto.create({
    name,
    dims: [...dims],
    dataType: ELEMENT_TYPE.float32,
    rawData: new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength),
  });
}

function attribute(name: string, value: number | readonly number[] | OnnxInitializerSpec) {
  const { AttributeType } = onnx.AttributeProto;
  if (typeof value === 'number')
    return Number.isInteger(value)
      ? onnx.AttributeProto.create({ name, type: AttributeType.INT, i: value })
      : onnx.AttributeProto.create({ name, type: AttributeType.FLOAT, f: value });
  if (Array.isArray(value))
    return onnx.AttributeProto.create({ name, type: AttributeType.INTS, ints: [...value] });
  return onnx.AttributeProto.create({
    name,
    type: AttributeType.TENSOR,
    t: tensor(value as OnnxInitializerSpec),
  });
}

/** Encodes a graph as an ONNX ModelProto; the same spec always gives the same bytes. */
export function buildOnnxModel(spec: OnnxGraphSpec): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'medrank',
    graph: {
      name: spec.name,
      docString: spec.docString ?? '',
      input: spec.inputs.map(valueInfo),
      output: spec.outputs.map(valueInfo),
      initializer: (spec.initializers ?? []).map(tensor),
      node: spec.nodes.map((node, i) =>
        onnx.NodeProto.create({
          name: `${node.opType.toLowerCase()}_${i}`,
          opType: node.opType,
          input: [...node.inputs],
          output: [...node.outputs],
          attribute: Object.entries(node.attributes ?? {}).map(([name, value]) =>
            attribute(name, value),
          ),
        }),
      ),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
