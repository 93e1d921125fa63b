package io.github.llr4j.examples.cli;

import io.github.llr4j.nlp.hf.SafeTensors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random weights of a 1-layer BERT in Hugging Face names, for command-line tests of {@code hf:DIR}. */
final class TinyBertWeights {
  private TinyBertWeights() {}

  /**
   * Tensors of a BERT with vocabulary {@code v}, hidden {@code h}, feed-forward {@code f} and
   * {@code p} positions: N(0, 0.1^2) from {@code seed}, layer-norm scales 1 when {@code unitGamma}
   * (else random too), a pooler when {@code pooler}.
   */
  static Map<String, SafeTensors.Tensor> of(int v, int h, int f, int p, long seed, boolean unitGamma, boolean pooler) {
    Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
    Random r = new Random(seed);
    java.util.function.BiConsumer<String, long[]> put = (name, shape) -> {
      int n = 1;
      for (long d : shape) n *= (int) d;
      float[] x = new float[n];
      boolean one = unitGamma && name.endsWith("LayerNorm.weight");
      for (int i = 0; i < n; i++) x[i] = one ? 1f : (float) (0.1 * r.nextGaussian());
      t.put(name, new SafeTensors.Tensor(shape, x));
    };
    put.accept("embeddings.word_embeddings.weight", new long[] {v, h});
    put.accept("embeddings.position_embeddings.weight", new long[] {p, h});
    put.accept("embeddings.token_type_embeddings.weight", new long[] {2, h});
    put.accept("embeddings.LayerNorm.weight", new long[] {h});
    put.accept("embeddings.LayerNorm.bias", new long[] {h});
    String l = "encoder.layer.0.";
    for (String n : List.of("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense")) {
      put.accept(l + n + ".weight", new long[] {h, h});
      put.accept(l + n + ".bias", new long[] {h});
    }
    put.accept(l + "attention.output.LayerNorm.weight", new long[] {h});
    put.accept(l + "attention.output.LayerNorm.bias", new long[] {h});
    put.accept(l + "intermediate.dense.weight", new long[] {f, h});
    put.accept(l + "intermediate.dense.bias", new long[] {f});
    put.accept(l + "output.dense.weight", new long[] {h, f});
    put.accept(l + "output.dense.bias", new long[] {h});
    put.accept(l + "output.LayerNorm.weight", new long[] {h});
    put.accept(l + "output.LayerNorm.bias", new long[] {h});
    if (pooler) {
      put.accept("pooler.dense.weight", new long[] {h, h});
      put.accept("pooler.dense.bias", new long[] {h});
    }
    return t;
  }
}
