package io.github.llr4j.nlp.onnx;

import io.github.llr4j.nlp.hf.BertConfig;
import io.github.llr4j.nlp.hf.PretrainedBert;
import io.github.llr4j.nlp.hf.SafeTensors;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps an ONNX export of a Hugging Face BERT-family encoder (PyTorch's {@code torch.onnx.export}
 * of {@code BertModel}, as in sentence-transformers exports) onto the tensors {@link
 * io.github.llr4j.nlp.hf.BertWeights} reads.
 *
 * <p>Names: embeddings, biases and LayerNorm parameters keep their Hugging Face names in such
 * exports; the Linear weights are usually stored transposed ({@code [in, out]}, consumed by
 * {@code MatMul}) under generated names such as {@code onnx::MatMul_787}. Each one's name is
 * recovered from the graph: the MatMul that reads it feeds an {@code Add} whose other input is a
 * named bias {@code X.bias}, so the matrix is {@code X.weight} (transposed here to PyTorch's
 * {@code [out, in]}).
 *
 * <p>Shape ({@link BertConfig}): vocabulary and hidden size from the word embeddings, positions and
 * segment types from their tables, layers from the {@code encoder.layer.N} names, the feed-forward
 * width from {@code intermediate.dense.bias}; the head size d from the attention scale (scores
 * divided by the scalar sqrt(d), or multiplied by 1/sqrt(d)), the LayerNorm epsilon from the scalar
 * added to the variance (a ReduceMean) or a {@code LayerNormalization} node's attribute. Dropout
 * 0.1 and initializer range 0.02 (not in an inference graph) are BERT's defaults.
 *
 * <p>Refused, naming the reason: an operator outside {@link #OPERATORS} (not a plain BERT graph),
 * a feed-forward activation other than exact GELU (no {@code Erf} per layer), a matrix whose name
 * cannot be recovered, a non-FLOAT weight.
 */
public final class OnnxBert {
  /** The operators a plain BERT encoder export uses (opset 11 to 17). */
  public static final Set<String> OPERATORS = Set.of("Add", "Sub", "Mul", "Div", "Pow", "Sqrt", "Erf", "Tanh",
      "MatMul", "Gemm", "Gather", "Unsqueeze", "Squeeze", "Shape", "Constant", "ConstantOfShape", "Concat",
      "Reshape", "Transpose", "ReduceMean", "Softmax", "Cast", "Slice", "Expand", "Where", "Equal", "Not",
      "Identity", "LayerNormalization", "Range");

  private static final Pattern LAYER = Pattern.compile("^(?:bert\\.)?encoder\\.layer\\.(\\d+)\\.");

  private OnnxBert() {}

  /** Reads {@code file} and maps it; see the class comment for what is refused. */
  public static PretrainedBert read(Path file) {
    return map(OnnxModel.read(file));
  }

  /** Maps an already parsed model. */
  public static PretrainedBert map(OnnxModel m) {
    for (OnnxNode n : m.nodes()) {
      if (!n.domain().isEmpty() && !n.domain().equals("ai.onnx"))
        throw new IllegalArgumentException("ONNX operator " + n.domain() + "." + n.opType() + " (node '" + n.name()
            + "') in " + m.source() + " is not supported: llr4j maps plain BERT exports (default domain only,"
            + " no fused or optimised graphs)");
      if (!OPERATORS.contains(n.opType()))
        throw new IllegalArgumentException("ONNX operator " + n.opType() + " (node '" + n.name() + "') in "
            + m.source() + " is not supported: llr4j maps plain BERT encoder exports, whose operators are "
            + new TreeSet<>(OPERATORS));
    }
    Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
    for (OnnxTensor t : m.initializers().values()) {
      if (t.dataType() == OnnxTensor.FLOAT && isHfName(t.name())) tensors.put(t.name(), tensor(t, false, m));
    }
    recoverMatrices(m, tensors);
    return new PretrainedBert(config(m, tensors), tensors, m.source());
  }

  private static boolean isHfName(String n) {
    return n.endsWith(".weight") || n.endsWith(".bias") || n.endsWith(".gamma") || n.endsWith(".beta");
  }

  /** Names the MatMul weights from the bias their product is added to. */
  private static void recoverMatrices(OnnxModel m, Map<String, SafeTensors.Tensor> tensors) {
    Map<String, List<OnnxNode>> consumers = m.consumers();
    for (OnnxNode n : m.nodes()) {
      if (!n.opType().equals("MatMul") || n.inputs().size() != 2) continue;
      OnnxTensor w = m.initializers().get(n.inputs().get(1));
      if (w == null || isHfName(w.name())) continue;
      String bias = null;
      for (OnnxNode add : consumers.getOrDefault(n.outputs().get(0), List.of())) {
        if (!add.opType().equals("Add")) continue;
        for (String in : add.inputs()) if (in.endsWith(".bias") && m.initializers().containsKey(in)) bias = in;
      }
      if (bias == null)
        throw new IllegalArgumentException("ONNX matrix '" + w.name() + "' (MatMul node '" + n.name() + "') in "
            + m.source() + " must feed an Add of a named bias (X.bias) so that its name can be recovered; this"
            + " graph is not a plain BERT export");
      if (w.dims().length != 2)
        throw new IllegalArgumentException("ONNX matrix '" + w.name() + "' for " + bias + " in " + m.source()
            + " must have rank 2, got dims " + java.util.Arrays.toString(w.dims()));
      String name = bias.substring(0, bias.length() - ".bias".length()) + ".weight";
      tensors.put(name, tensor(w, true, m));
    }
  }

  /** Copies an initializer; {@code transpose} turns MatMul's {@code [in, out]} into PyTorch's {@code [out, in]}. */
  private static SafeTensors.Tensor tensor(OnnxTensor t, boolean transpose, OnnxModel m) {
    if (t.floats() == null)
      throw new IllegalArgumentException("ONNX weight '" + t.name() + "' in " + m.source() + " must be FLOAT (fp32),"
          + " got " + OnnxTensor.typeName(t.dataType()) + "; export the model in fp32");
    if (!transpose) return new SafeTensors.Tensor(t.dims().clone(), t.floats());
    int rows = (int) t.dims()[0], cols = (int) t.dims()[1];
    float[] a = t.floats(), out = new float[a.length];
    for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c];
    return new SafeTensors.Tensor(new long[] {cols, rows}, out);
  }

  private static BertConfig config(OnnxModel m, Map<String, SafeTensors.Tensor> t) {
    SafeTensors.Tensor word = require(t, "embeddings.word_embeddings.weight", m);
    SafeTensors.Tensor pos = require(t, "embeddings.position_embeddings.weight", m);
    SafeTensors.Tensor type = find(t, "embeddings.token_type_embeddings.weight");
    int vocab = (int) word.shape()[0], hidden = (int) word.shape()[1];
    int layers = 0;
    for (String n : t.keySet()) {
      Matcher x = LAYER.matcher(n);
      if (x.find()) layers = Math.max(layers, Integer.parseInt(x.group(1)) + 1);
    }
    if (layers == 0)
      throw new IllegalArgumentException("ONNX file " + m.source() + " must hold encoder.layer.N tensors (a BERT"
          + " encoder), got none");
    int intermediate = (int) require(t, "encoder.layer.0.intermediate.dense.bias", m).shape()[0];
    long erf = m.nodes().stream().filter(n -> n.opType().equals("Erf")).count();
    if (erf < layers)
      throw new IllegalArgumentException("ONNX file " + m.source() + " must use exact GELU (one Erf per layer) in the"
          + " feed-forward blocks, got " + erf + " Erf nodes for " + layers + " layers (tanh-approximated GELU is"
          + " not supported)");
    int headSize = headSize(m);
    if (headSize < 1 || hidden % headSize != 0)
      throw new IllegalArgumentException("ONNX file " + m.source() + " must scale attention scores by 1/sqrt(d) with"
          + " d dividing the hidden size " + hidden + ", got d = " + headSize);
    return new BertConfig(vocab, hidden, layers, hidden / headSize, intermediate, (int) pos.shape()[0],
        type == null ? 0 : (int) type.shape()[0], epsilon(m), 0.1, 0.1, 0, 0.02);
  }

  private static SafeTensors.Tensor find(Map<String, SafeTensors.Tensor> t, String name) {
    SafeTensors.Tensor x = t.get(name);
    return x != null ? x : t.get("bert." + name);
  }

  private static SafeTensors.Tensor require(Map<String, SafeTensors.Tensor> t, String name, OnnxModel m) {
    SafeTensors.Tensor x = find(t, name);
    if (x == null)
      throw new IllegalArgumentException("ONNX file " + m.source() + " must hold the BERT tensor '" + name
          + "' (or 'bert." + name + "'), got none");
    return x;
  }

  /** d from the first attention scale: scores / sqrt(d) or scores * (1 / sqrt(d)); -1 when absent. */
  private static int headSize(OnnxModel m) {
    Map<String, OnnxNode> producers = m.producers();
    for (OnnxNode n : m.nodes()) {
      if (!(n.opType().equals("Div") || n.opType().equals("Mul")) || n.inputs().size() != 2) continue;
      OnnxNode left = producers.get(n.inputs().get(0));
      if (left == null || !left.opType().equals("MatMul")) continue;
      // the scores' MatMul multiplies two activations (Q and K^T), not an activation and a weight
      if (left.inputs().stream().anyMatch(m.initializers()::containsKey)) continue;
      double c = scalar(m, producers, n.inputs().get(1));
      if (!(c > 0)) continue;
      return (int) Math.round(n.opType().equals("Div") ? c * c : 1 / (c * c));
    }
    return -1;
  }

  /** The epsilon added to the LayerNorm variance. */
  private static float epsilon(OnnxModel m) {
    Map<String, OnnxNode> producers = m.producers();
    for (OnnxNode n : m.nodes()) {
      if (n.opType().equals("LayerNormalization"))
        return n.attributes().get("epsilon") instanceof Float f ? f : 1e-5f;
      if (!n.opType().equals("Add") || n.inputs().size() != 2) continue;
      for (int i = 0; i < 2; i++) {
        OnnxNode p = producers.get(n.inputs().get(i));
        if (p == null || !p.opType().equals("ReduceMean")) continue;
        double c = scalar(m, producers, n.inputs().get(1 - i));
        if (c > 0 && c < 1e-3) return (float) c;
      }
    }
    throw new IllegalArgumentException("ONNX file " + m.source() + " must show its LayerNorm epsilon (a"
        + " LayerNormalization node, or a scalar added to a ReduceMean), got neither");
  }

  /** The value of a one-element constant (a Constant node's output or an initializer), else NaN. */
  private static double scalar(OnnxModel m, Map<String, OnnxNode> producers, String value) {
    OnnxTensor init = m.initializers().get(value);
    if (init != null) return init.scalar();
    OnnxNode p = producers.get(value);
    if (p != null && p.opType().equals("Constant") && p.attributes().get("value") instanceof OnnxTensor t)
      return t.scalar();
    return Double.NaN;
  }
}
