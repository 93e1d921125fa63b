package io.github.llr4j.nlp.onnx;

import java.util.List;
import java.util.Map;

/**
 * One ONNX {@code NodeProto}: an operator applied to named values.
 *
 * @param name node name (may be empty)
 * @param opType operator, e.g. {@code MatMul}
 * @param domain operator set domain (empty for the default ONNX domain)
 * @param inputs names of the input values (initializers, graph inputs or other nodes' outputs)
 * @param outputs names of the values it produces
 * @param attributes scalar and tensor attributes by name: a {@code Float}, {@code Long},
 *     {@code String}, {@link OnnxTensor} or {@code long[]} (ints)
 */
public record OnnxNode(String name, String opType, String domain, List<String> inputs, List<String> outputs,
    Map<String, Object> attributes) {
  public OnnxNode {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    attributes = Map.copyOf(attributes);
  }
}
