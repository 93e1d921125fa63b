package io.github.llr4j.nlp.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.core.hparam.Schedule;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.optim.AdamW;
import io.github.llr4j.core.testing.GradientCheck;
import io.github.llr4j.core.testing.TensorValues;
import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.core.train.TrainerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class TransformerModelTest {

  /** V 20, P 10, T 2, H 8, 2 heads, L 2, F 16, C 3, no dropout, init std 0.3 (visible logits). */
  static TransformerSpec small() {
    return TransformerSpec.builder("custom", 20, 10, 8, 2, 2, 16, 3)
        .dropout(0).initializerRange(0.3).build();
  }

  /** Three rows of length 6; pad id 0 from position 4 (row 0), 2 (row 1), none (row 2). */
  static final int[] IDS = {
    2, 7, 8, 3, 0, 0,
    2, 9, 0, 0, 0, 0,
    2, 5, 6, 11, 12, 3};

  static TInt32 ids(int rows, int seq, int[] values) {
    return TInt32.tensorOf(Shape.of(rows, seq), DataBuffers.of(values, true, false));
  }

  @Test
  void parameterCountMatchesHandCount() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      // embeddings 20*8 + 10*8 + 2*8 + LN 16 = 272; per layer 4*(64+8) + 16 + (128+16) + (128+8) + 16
      // = 600; pooler 64+8 = 72; classifier 24+3 = 27: 272 + 2*600 + 72 + 27 = 1571
      assertThat(small().build(tf.withSubScope("a"), 1).parameterCount()).isEqualTo(1571);
      // pre-norm, sinusoidal, mean pooling: 160 + 16 + 1200 + final LN 16 + 27 = 1419
      TransformerSpec alt = small().toBuilder().preNorm(true).learnedPositions(false)
          .pooling(TransformerSpec.Pooling.MEAN).build();
      assertThat(alt.build(tf.withSubScope("b"), 1).parameterCount()).isEqualTo(1419);
      // BERT-base: Hugging Face BertModel's 109,482,240 plus a 2-class classifier (768*2 + 2)
      assertThat(TransformerSpec.named("base", 30522, 512, 2).build(tf.withSubScope("c"), 1)
          .parameterCount()).isEqualTo(109_482_240L + 1538);
    }
  }

  @Test
  void outputShapesForPlainAndPackedInput() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      TransformerModel m = small().build(tf.withSubScope("model"), 3);
      var x = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, -1)));
      var packed = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, 2, -1)));
      Operand<TFloat32> a = m.logits(ModelContext.inference(tf), x);
      Operand<TFloat32> b = m.logits(ModelContext.inference(tf), packed);
      int[] pack = new int[3 * 2 * 6];
      for (int r = 0; r < 3; r++) {
        System.arraycopy(IDS, r * 6, pack, r * 12, 6);
        for (int c = 0; c < 6; c++) pack[r * 12 + 6 + c] = c >= 3 ? 1 : 0;
      }
      try (TInt32 in = ids(3, 6, IDS);
          TInt32 p = TInt32.tensorOf(Shape.of(3, 2, 6), DataBuffers.of(pack, true, false));
          Result r = s.runner().feed(x, in).feed(packed, p).fetch(a).fetch(b).run()) {
        assertThat(r.get(0).shape()).isEqualTo(Shape.of(3, 3));
        assertThat(r.get(1).shape()).isEqualTo(Shape.of(3, 3));
        float[] plain = TensorValues.toArray((TFloat32) r.get(0));
        float[] typed = TensorValues.toArray((TFloat32) r.get(1));
        // type ids 1 on real tokens change the embedding sum, so the logits must differ
        assertThat(Math.abs(plain[0] - typed[0]) + Math.abs(plain[1] - typed[1])).isGreaterThan(1e-5f);
      }
    }
  }

  @Test
  void paddedKeysGetExactlyZeroAttentionAndZeroGradient() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      TransformerModel m = small().build(tf.withSubScope("model"), 5);
      var x = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(3, 6)));
      List<Operand<TFloat32>> probs = new ArrayList<>();
      Operand<TFloat32> logits = m.logits(ModelContext.inference(tf), x, probs);
      Operand<TFloat32> y = tf.sum(tf.math.mul(logits, tf.constant(new float[][] {{1, -2, 3}, {0.5f, 1, -1}, {2, 1, 1}})),
          tf.constant(new int[] {0, 1}));
      var word = m.weights().get("embeddings/word/table");
      var pos = m.weights().get("embeddings/position/table");
      var grads = tf.gradients(y, List.of(word, pos));
      try (TInt32 in = ids(3, 6, IDS);
          Result r = s.runner().feed(x, in).fetch(probs.get(0)).fetch(probs.get(1))
              .fetch(grads.dy(0)).fetch(grads.dy(1)).run()) {
        int[] realLen = {4, 2, 6};
        for (int l = 0; l < 2; l++) {
          TFloat32 a = (TFloat32) r.get(l);
          for (int b = 0; b < 3; b++)
            for (int h = 0; h < 2; h++)
              for (int q = 0; q < 6; q++) {
                double rowSum = 0;
                for (int k = 0; k < 6; k++) {
                  float w = a.getFloat(b, h, q, k);
                  rowSum += w;
                  if (k >= realLen[b]) assertThat(w).as("layer %d row %d key %d", l, b, k).isEqualTo(0f);
                  else assertThat(w).isGreaterThan(0f);
                }
                assertThat(rowSum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
              }
        }
        TFloat32 gw = (TFloat32) r.get(2);
        TFloat32 gp = (TFloat32) r.get(3);
        for (int c = 0; c < 8; c++) {
          assertThat(gw.getFloat(0, c)).as("pad row of the word table").isEqualTo(0f);
          assertThat(gp.getFloat(5, c)).as("position 5 is padding in rows 0 and 1 only").isNotEqualTo(0f);
        }
        double used = 0;
        for (int c = 0; c < 8; c++) used += Math.abs(gw.getFloat(7, c)) + Math.abs(gw.getFloat(11, c));
        assertThat(used).isGreaterThan(1e-6);
      }
      // rows 0 and 1 only: position 4 and 5 are padding everywhere, so no gradient reaches them
      var x2 = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(2, 6)));
      Operand<TFloat32> y2 = tf.sum(m.logits(ModelContext.inference(tf), x2), tf.constant(new int[] {0, 1}));
      var gp2 = tf.gradients(tf.sum(tf.math.mul(m.logits(ModelContext.inference(tf), x2),
          tf.constant(new float[][] {{1, -2, 3}, {0.5f, 1, -1}})), tf.constant(new int[] {0, 1})), List.of(pos));
      int[] two = java.util.Arrays.copyOf(IDS, 12);
      try (TInt32 in = ids(2, 6, two); Result r = s.runner().feed(x2, in).fetch(gp2.dy(0)).fetch(y2).run()) {
        TFloat32 gp = (TFloat32) r.get(0);
        for (int p = 4; p < 6; p++) for (int c = 0; c < 8; c++) assertThat(gp.getFloat(p, c)).isEqualTo(0f);
        double real = 0;
        for (int c = 0; c < 8; c++) real += Math.abs(gp.getFloat(1, c));
        assertThat(real).isGreaterThan(1e-6);
      }
    }
  }

  @Test
  void paddingContentAndAmountDoNotChangeTheLogits() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      TransformerModel m = small().toBuilder().preNorm(true).build().build(tf.withSubScope("model"), 9);
      var x = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, -1)));
      Operand<TFloat32> logits = m.logits(ModelContext.inference(tf), x);
      float[] before = run(s, x, logits, ids(3, 6, IDS));
      // longer padding (9 instead of 6) gives the same logits
      int[] longer = new int[27];
      for (int r = 0; r < 3; r++) System.arraycopy(IDS, r * 6, longer, r * 9, 6);
      float[] padded = run(s, x, logits, ids(3, 9, longer));
      for (int i = 0; i < before.length; i++) assertThat(padded[i]).isCloseTo(before[i], org.assertj.core.data.Offset.offset(1e-5f));
      // new values for the pad embedding row: logits unchanged
      var word = m.weights().get("embeddings/word/table");
      float[] table = TensorValues.fetch(s, word);
      Random rnd = new Random(1);
      for (int c = 0; c < 8; c++) table[c] = (float) rnd.nextGaussian() * 3;
      TensorValues.assign(tf, s, word, table);
      float[] after = run(s, x, logits, ids(3, 6, IDS));
      for (int i = 0; i < before.length; i++) assertThat(after[i]).isCloseTo(before[i], org.assertj.core.data.Offset.offset(1e-6f));
      // control: changing a real token's row does change them
      for (int c = 0; c < 8; c++) table[9 * 8 + c] += (float) rnd.nextGaussian();
      TensorValues.assign(tf, s, word, table);
      float[] changed = run(s, x, logits, ids(3, 6, IDS));
      assertThat(Math.abs(changed[3] - before[3]) + Math.abs(changed[4] - before[4])).isGreaterThan(1e-4f);
    }
  }

  private static float[] run(Session s, Operand<TInt32> x, Operand<TFloat32> y, TInt32 in) {
    try (in; Result r = s.runner().feed(x, in).fetch(y).run()) {
      return TensorValues.toArray((TFloat32) r.get(0));
    }
  }

  @Test
  void attentionGradientMatchesFiniteDifferencesWithPadding() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      TransformerSpec spec = small().toBuilder().pooling(TransformerSpec.Pooling.MEAN).build();
      TransformerModel m = spec.build(tf.withSubScope("model"), 11);
      Operand<TFloat32> logits = m.logits(ModelContext.inference(tf), tf.constant(new int[][] {
          {2, 7, 8, 3, 0, 0}, {2, 9, 0, 0, 0, 0}}));
      Operand<TFloat32> y = tf.sum(tf.math.mul(logits, tf.constant(new float[][] {{1, -2, 3}, {0.5f, 1, -1}})),
          tf.constant(new int[] {0, 1}));
      var w = m.weights();
      double err = GradientCheck.maxRelativeError(tf, s, y, List.of(
          w.get("layer_0/attention/query/kernel"), w.get("layer_0/attention/key/kernel"),
          w.get("layer_0/attention/value/bias"), w.get("layer_1/attention/output/kernel")));
      assertThat(err).isLessThan(2e-2);
    }
  }

  @Test
  void aFewStepsLowerTheLoss() {
    // class 1 when token 7 occurs anywhere in the (padded) sequence
    Random r = new Random(3);
    int n = 256, seq = 8;
    int[] tokens = new int[n * seq];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int len = 3 + r.nextInt(6);
      labels[i] = i % 2;
      tokens[i * seq] = 2;
      for (int p = 1; p < len; p++) tokens[i * seq + p] = 8 + r.nextInt(12);
      if (labels[i] == 1) tokens[i * seq + 1 + r.nextInt(len - 1)] = 7;
    }
    var data = ArrayBatches.ofTokens(tokens, Shape.of(seq), labels).batchSize(32).seed(1).build();
    TransformerSpec spec = small().toBuilder().classes(2).dropout(0.1).build();
    var config = TrainerConfig.builder(spec, AdamW.of(Schedule.warmupLinearDecay(1e-2, 10), 0.01))
        .epochs(10).seed(4).logInterval(0).build();
    try (Trainer t = new Trainer(config, data, Map.of())) {
      double before = t.evaluate(data, 0).meanLoss();
      t.fit();
      var after = t.evaluate(data, 0);
      assertThat(after.meanLoss()).isLessThan(before * 0.5);
      assertThat(after.accuracy()).isGreaterThan(0.9);
    }
  }

  @Test
  void validation() {
    assertThatThrownBy(() -> TransformerSpec.named("huge", 100, 16, 2))
        .hasMessageContaining("tiny, small or base");
    assertThatThrownBy(() -> TransformerSpec.bert("x", 100, 16, 10, 1, 3, 8, 2))
        .hasMessageContaining("multiple of heads");
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      var m = small().build(tf, 1);
      assertThatThrownBy(() -> m.logits(ModelContext.inference(tf), tf.constant(new float[][] {{1f}})))
          .hasMessageContaining("int32");
    }
  }
}
