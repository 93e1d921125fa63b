package io.github.llr4j.nlp.onnx;

import java.util.Arrays;

/**
 * One ONNX {@code TensorProto} (an initializer or a {@code Constant} node's value), decoded: float
 * tensors into {@code floats}, integer tensors (INT32, INT64) into {@code longs}; tensors of other
 * types keep only their name, type and shape.
 *
 * @param name the tensor's name (empty for a Constant's value)
 * @param dims shape, outermost first
 * @param dataType ONNX {@code TensorProto.DataType} code (1 FLOAT, 6 INT32, 7 INT64, 10 FLOAT16, ...)
 * @param floats row-major values of a FLOAT tensor, else null
 * @param longs row-major values of an INT32/INT64 tensor, else null
 */
public record OnnxTensor(String name, long[] dims, int dataType, float[] floats, long[] longs) {
  public static final int FLOAT = 1;
  public static final int INT32 = 6;
  public static final int INT64 = 7;

  /** Element count (product of the dims; 1 for a scalar). */
  public long size() {
    long n = 1;
    for (long d : dims) n *= d;
    return n;
  }

  /** The single value of a one-element numeric tensor, or NaN when it is not one. */
  public double scalar() {
    if (size() != 1) return Double.NaN;
    if (floats != null && floats.length == 1) return floats[0];
    if (longs != null && longs.length == 1) return longs[0];
    return Double.NaN;
  }

  /** ONNX's name of a data type code, for messages. */
  public static String typeName(int code) {
    return switch (code) {
      case 1 -> "FLOAT";
      case 2 -> "UINT8";
      case 3 -> "INT8";
      case 6 -> "INT32";
      case 7 -> "INT64";
      case 9 -> "BOOL";
      case 10 -> "FLOAT16";
      case 11 -> "DOUBLE";
      case 16 -> "BFLOAT16";
      default -> "type " + code;
    };
  }

  @Override
  public String toString() {
    return "OnnxTensor[" + name + " " + typeName(dataType) + " " + Arrays.toString(dims) + "]";
  }
}
