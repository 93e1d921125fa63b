package io.github.llr4j.nlp.savedmodel;

import io.github.llr4j.nlp.hf.BertConfig;
import io.github.llr4j.nlp.hf.PretrainedBert;
import io.github.llr4j.nlp.hf.SafeTensors;
import io.github.llr4j.nlp.model.Activation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Reads the variables of a Google BERT SavedModel (tag {@code serve}) by name and renames them to
 * the Hugging Face names {@link io.github.llr4j.nlp.hf.BertWeights} maps, so the rest of the
 * pretrained path is shared with {@code hf:} and {@code onnx:} models.
 *
 * <p>Names (after an optional scope such as TF-Hub's {@code module/}): {@code bert/embeddings/
 * word_embeddings} -> {@code embeddings.word_embeddings.weight} (likewise {@code position_} and
 * {@code token_type_embeddings}); {@code .../LayerNorm/gamma|beta} -> {@code .LayerNorm.weight|bias};
 * {@code bert/encoder/layer_N/...} -> {@code encoder.layer.N....}; {@code X/kernel} ({@code [in,
 * out]}, TF's Dense) -> {@code X.weight} transposed to PyTorch's {@code [out, in]}; {@code X/bias}
 * -> {@code X.bias}. Other variables (the {@code cls/} pretraining heads) are ignored.
 *
 * <p>Shape: vocabulary, hidden size, positions and segment types from the embedding tables, layers
 * from the {@code layer_N} names, the feed-forward width from {@code intermediate/dense/bias}.
 * Deviations: the head count is not stored in any variable; it is hidden / 64, the head size of
 * every Google BERT release (Tiny to Large). LayerNorm epsilon 1e-12, dropout 0.1, initializer
 * range 0.02 and the tanh-approximated GELU are Google's {@code modeling.py} values.
 */
public final class SavedModelBert {
  /** The SavedModel tag of Google's exports. */
  public static final String TAG = "serve";
  /** Head size of every Google BERT release. */
  static final int HEAD_SIZE = 64;

  private static final Pattern BERT = Pattern.compile("^(?:.*/)?bert/(.+)$");
  private static final Pattern LAYER = Pattern.compile("^encoder\\.layer\\.(\\d+)\\.");

  private SavedModelBert() {}

  /** Whether {@code dir} looks like a SavedModel ({@code saved_model.pb} and {@code variables/}). */
  public static boolean isSavedModel(Path dir) {
    return Files.isRegularFile(dir.resolve("saved_model.pb")) && Files.isDirectory(dir.resolve("variables"));
  }

  /** Loads {@code dir} (tag {@code serve}) and reads its BERT variables. */
  public static PretrainedBert read(Path dir) {
    if (!isSavedModel(dir))
      throw new IllegalArgumentException("SavedModel folder " + dir + " must contain saved_model.pb and variables/,"
          + " got " + (Files.isDirectory(dir) ? "neither or one" : "no such folder"));
    try (SavedModelBundle b = SavedModelBundle.load(dir.toString(), TAG)) {
      return read(b, dir.toString());
    }
  }

  /** Reads the BERT variables of an already loaded bundle ({@code source} names it in errors). */
  public static PretrainedBert read(SavedModelBundle b, String source) {
    Ops tf = Ops.create(b.graph());
    List<String> seen = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<GraphOperation> ops = new ArrayList<>();
    List<Operand<TFloat32>> reads = new ArrayList<>();
    for (Iterator<GraphOperation> it = b.graph().operations(); it.hasNext(); ) {
      GraphOperation op = it.next();
      if (!op.type().equals("VarHandleOp") && !op.type().equals("VariableV2")) continue;
      seen.add(op.name());
      Matcher m = BERT.matcher(op.name());
      if (!m.matches()) continue;
      String hf = hfName(m.group(1));
      if (hf == null) continue;
      names.add(hf);
      ops.add(op);
      reads.add(read(tf, op, source));
    }
    if (names.isEmpty())
      throw new IllegalArgumentException("SavedModel " + source + " must hold variables named .../bert/..., got "
          + seen.subList(0, Math.min(5, seen.size())) + (seen.size() > 5 ? " and " + (seen.size() - 5) + " more" : ""));
    Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
    // a few variables per run: one run per variable re-extends the session 200 times, one run for
    // all holds every value twice (tensor and Java copy)
    for (int start = 0; start < reads.size(); start += 16) {
      Session.Runner runner = b.session().runner();
      int end = Math.min(reads.size(), start + 16);
      for (int i = start; i < end; i++) runner.fetch(reads.get(i));
      try (Result r = runner.run()) {
        for (int i = start; i < end; i++) {
          GraphOperation op = ops.get(i);
          boolean kernel = op.name().endsWith("/kernel");
          tensors.put(names.get(i), copy((TFloat32) r.get(i - start), kernel, op.name(), source));
        }
      }
    }
    return new PretrainedBert(config(tensors, source), tensors, source);
  }

  /** The Hugging Face name of a TF BERT variable (below {@code bert/}), or null if not an encoder one. */
  static String hfName(String tf) {
    String[] parts = tf.split("/");
    if (!(parts[0].equals("embeddings") || parts[0].equals("encoder") || parts[0].equals("pooler"))) return null;
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      boolean last = i == parts.length - 1;
      if (p.startsWith("layer_") && p.substring(6).matches("\\d+")) p = "layer." + p.substring(6);
      else if (last && (p.equals("kernel") || p.equals("gamma"))) p = "weight";
      else if (last && p.equals("beta")) p = "bias";
      if (out.length() > 0) out.append('.');
      out.append(p);
    }
    if (parts.length == 2 && parts[0].equals("embeddings") && parts[1].endsWith("_embeddings")) out.append(".weight");
    return out.toString();
  }

  private static Operand<TFloat32> read(Ops tf, GraphOperation op, String source) {
    if (op.type().equals("VariableV2")) return op.output(0);
    String dtype = String.valueOf(op.attributes().getAttrType("dtype"));
    if (!dtype.equals("DT_FLOAT"))
      throw new IllegalArgumentException("SavedModel variable '" + op.name() + "' in " + source
          + " must be float32, got " + dtype);
    return tf.readVariableOp(op.output(0), TFloat32.class);
  }

  /** A Java copy; a kernel ({@code [in, out]}) is transposed to PyTorch's {@code [out, in]}. */
  private static SafeTensors.Tensor copy(TFloat32 t, boolean kernel, String name, String source) {
    Shape s = t.shape();
    float[] v = new float[(int) s.size()];
    t.asRawTensor().data().asFloats().read(v);
    long[] dims = s.asArray();
    if (!kernel) return new SafeTensors.Tensor(dims, v);
    if (dims.length != 2)
      throw new IllegalArgumentException("SavedModel kernel '" + name + "' in " + source + " must have rank 2,"
          + " got shape " + s);
    int rows = (int) dims[0], cols = (int) dims[1];
    float[] out = new float[v.length];
    for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) out[j * rows + i] = v[i * cols + j];
    return new SafeTensors.Tensor(new long[] {cols, rows}, out);
  }

  private static BertConfig config(Map<String, SafeTensors.Tensor> t, String source) {
    SafeTensors.Tensor word = require(t, "embeddings.word_embeddings.weight", source);
    SafeTensors.Tensor pos = require(t, "embeddings.position_embeddings.weight", source);
    SafeTensors.Tensor type = t.get("embeddings.token_type_embeddings.weight");
    int vocab = (int) word.shape()[0], hidden = (int) word.shape()[1];
    int layers = 0;
    for (String n : t.keySet()) {
      Matcher x = LAYER.matcher(n);
      if (x.find()) layers = Math.max(layers, Integer.parseInt(x.group(1)) + 1);
    }
    if (layers == 0)
      throw new IllegalArgumentException("SavedModel " + source + " must hold bert/encoder/layer_N variables, got none");
    if (hidden % HEAD_SIZE != 0)
      throw new IllegalArgumentException("SavedModel " + source + " must have a hidden size divisible by the head size "
          + HEAD_SIZE + " (Google BERT's), got " + hidden);
    int intermediate = (int) require(t, "encoder.layer.0.intermediate.dense.bias", source).shape()[0];
    return new BertConfig(vocab, hidden, layers, hidden / HEAD_SIZE, intermediate, (int) pos.shape()[0],
        type == null ? 0 : (int) type.shape()[0], 1e-12f, 0.1, 0.1, 0, 0.02, Activation.GELU_TANH);
  }

  private static SafeTensors.Tensor require(Map<String, SafeTensors.Tensor> t, String name, String source) {
    SafeTensors.Tensor x = t.get(name);
    if (x == null)
      throw new IllegalArgumentException("SavedModel " + source + " must hold the BERT variable for '" + name
          + "', got none");
    return x;
  }
}
