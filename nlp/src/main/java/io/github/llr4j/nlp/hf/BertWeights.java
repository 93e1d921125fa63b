package io.github.llr4j.nlp.hf;

import io.github.llr4j.nlp.model.TransformerSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps the tensors of a Hugging Face {@code BertModel} (optionally under a {@code bert.} prefix, as
 * in {@code BertForSequenceClassification} or {@code BertForPreTraining} files) to the variable names
 * of {@link io.github.llr4j.nlp.model.TransformerModel#weights()}:
 *
 * <pre>
 * embeddings.word_embeddings.weight              -> embeddings/word/table
 * embeddings.position_embeddings.weight          -> embeddings/position/table
 * embeddings.token_type_embeddings.weight        -> embeddings/type/table
 * embeddings.LayerNorm.{weight,bias}             -> embeddings/norm/{gamma,beta}
 * encoder.layer.N.attention.self.{query,key,value}.{weight,bias} -> layer_N/attention/{query,key,value}/{kernel,bias}
 * encoder.layer.N.attention.output.dense.{weight,bias}           -> layer_N/attention/output/{kernel,bias}
 * encoder.layer.N.attention.output.LayerNorm.{weight,bias}       -> layer_N/attention_norm/{gamma,beta}
 * encoder.layer.N.intermediate.dense.{weight,bias}               -> layer_N/ffn/intermediate/{kernel,bias}
 * encoder.layer.N.output.dense.{weight,bias}                     -> layer_N/ffn/output/{kernel,bias}
 * encoder.layer.N.output.LayerNorm.{weight,bias}                 -> layer_N/ffn_norm/{gamma,beta}
 * pooler.dense.{weight,bias}                                     -> pooler/{kernel,bias}
 * </pre>
 *
 * PyTorch's {@code Linear.weight} is {@code [out, in]} (y = x W^T + b); our Dense kernel is
 * {@code [in, out]} (y = x W + b), so every {@code .weight} of a Linear layer is transposed;
 * embedding tables and LayerNorm vectors are copied as they are. The old TF-converted names
 * {@code LayerNorm.gamma}/{@code LayerNorm.beta} are accepted too. Other tensors (the {@code cls.}
 * pretraining heads, a task classifier) are ignored; a missing one is an error naming it. The
 * pooler is optional (sentence-transformers models such as all-MiniLM-L6-v2 have none): with
 * [CLS] pooling and no pooler in the file, the model's pooler keeps its fresh values.
 */
public final class BertWeights {
  private BertWeights() {}

  /** Reads {@code file} and returns the encoder's values by our variable name, checked against {@code spec}. */
  public static Map<String, float[]> load(Path file, TransformerSpec spec) {
    return map(SafeTensors.read(file), spec, file.toString());
  }

  /** The name map and transposes applied to already read tensors ({@code source} names them in errors). */
  public static Map<String, float[]> map(Map<String, SafeTensors.Tensor> tensors, TransformerSpec spec, String source) {
    int h = spec.hidden(), f = spec.intermediate();
    Map<String, float[]> out = new LinkedHashMap<>();
    Lookup in = new Lookup(tensors, source);
    out.put("embeddings/word/table", in.get("embeddings.word_embeddings.weight", spec.vocabSize(), h));
    out.put("embeddings/position/table", in.get("embeddings.position_embeddings.weight", spec.maxLength(), h));
    if (spec.typeVocab() > 0)
      out.put("embeddings/type/table", in.get("embeddings.token_type_embeddings.weight", spec.typeVocab(), h));
    norm(in, out, "embeddings.LayerNorm", "embeddings/norm", h);
    for (int l = 0; l < spec.layers(); l++) {
      String p = "encoder.layer." + l + ".";
      String q = "layer_" + l + "/";
      for (String n : List.of("query", "key", "value"))
        linear(in, out, p + "attention.self." + n, q + "attention/" + n, h, h);
      linear(in, out, p + "attention.output.dense", q + "attention/output", h, h);
      norm(in, out, p + "attention.output.LayerNorm", q + "attention_norm", h);
      linear(in, out, p + "intermediate.dense", q + "ffn/intermediate", h, f);
      linear(in, out, p + "output.dense", q + "ffn/output", f, h);
      norm(in, out, p + "output.LayerNorm", q + "ffn_norm", h);
    }
    if (spec.pooling() == TransformerSpec.Pooling.CLS && hasPooler(tensors)) linear(in, out, "pooler.dense", "pooler", h, h);
    return out;
  }

  /** Whether {@code tensors} hold BERT's pooler ({@code pooler.dense.weight}, optionally under {@code bert.}). */
  public static boolean hasPooler(Map<String, SafeTensors.Tensor> tensors) {
    return tensors.containsKey("pooler.dense.weight") || tensors.containsKey("bert.pooler.dense.weight");
  }

  private static void linear(Lookup in, Map<String, float[]> out, String hf, String ours, int inDim, int outDim) {
    out.put(ours + "/kernel", transpose(in.get(hf + ".weight", outDim, inDim), outDim, inDim));
    out.put(ours + "/bias", in.get(hf + ".bias", outDim));
  }

  private static void norm(Lookup in, Map<String, float[]> out, String hf, String ours, int dim) {
    out.put(ours + "/gamma", in.getEither(hf + ".weight", hf + ".gamma", dim));
    out.put(ours + "/beta", in.getEither(hf + ".bias", hf + ".beta", dim));
  }

  /** {@code [rows, cols]} row major -> {@code [cols, rows]} row major. */
  static float[] transpose(float[] a, int rows, int cols) {
    float[] t = new float[a.length];
    for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) t[c * rows + r] = a[r * cols + c];
    return t;
  }

  private record Lookup(Map<String, SafeTensors.Tensor> tensors, String source) {
    float[] get(String name, long... shape) {
      SafeTensors.Tensor t = find(name);
      if (t == null) {
        List<String> some = new ArrayList<>(tensors.keySet()).subList(0, Math.min(5, tensors.size()));
        throw new IllegalArgumentException(source + " must hold the BERT tensor '" + name + "' (or 'bert." + name
            + "'), got none; its first tensors are " + some);
      }
      return check(name, t, shape);
    }

    float[] getEither(String name, String alternative, long... shape) {
      SafeTensors.Tensor t = find(name);
      if (t != null) return check(name, t, shape);
      SafeTensors.Tensor u = find(alternative);
      if (u != null) return check(alternative, u, shape);
      return get(name, shape);
    }

    private SafeTensors.Tensor find(String name) {
      SafeTensors.Tensor t = tensors.get(name);
      return t != null ? t : tensors.get("bert." + name);
    }

    private float[] check(String name, SafeTensors.Tensor t, long[] shape) {
      if (!Arrays.equals(t.shape(), shape))
        throw new IllegalArgumentException("tensor '" + name + "' in " + source + " must have shape "
            + Arrays.toString(shape) + " (config.json), got " + Arrays.toString(t.shape()));
      return t.values();
    }
  }
}
