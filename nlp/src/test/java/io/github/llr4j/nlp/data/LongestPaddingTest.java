package io.github.llr4j.nlp.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.nlp.model.TransformerModel;
import io.github.llr4j.nlp.model.TransformerSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class LongestPaddingTest {
  static final int PAD = 0;

  private static int[] ints(TInt32 t) {
    int[] v = new int[(int) t.shape().size()];
    t.asRawTensor().data().asInts().read(v);
    return v;
  }

  @Test
  void batchesAreCutToTheirLongestRowKeepingOrderAndLabels() {
    int[] ids = {
        2, 5, 6, 3, 0, 0, 0, 0,
        2, 3, 0, 0, 0, 0, 0, 0,
        2, 7, 7, 7, 7, 3, 0, 0,
        2, 3, 0, 0, 0, 0, 0, 0,
        2, 9, 3, 0, 0, 0, 0, 0};
    ArrayBatches src = ArrayBatches.ofTokens(ids, Shape.of(8), new int[] {1, 0, 1, 0, 1})
        .batchSize(2).shuffle(false).prefetch(0).build();
    LongestPadding lp = new LongestPadding(src, PAD);
    assertThat(lp.exampleShape().asArray()).containsExactly(-1);
    assertThat(lp.batchesPerEpoch()).isEqualTo(3);
    Iterator<Batch> it = lp.epoch(0);
    try (Batch a = it.next(); Batch b = it.next(); Batch c = it.next()) {
      assertThat(a.inputs().shape()).isEqualTo(Shape.of(2, 4));
      assertThat(ints((TInt32) a.inputs())).containsExactly(2, 5, 6, 3, 2, 3, 0, 0);
      assertThat(ints(a.labels())).containsExactly(1, 0);
      assertThat(b.inputs().shape()).isEqualTo(Shape.of(2, 6));
      assertThat(ints((TInt32) b.inputs())).containsExactly(2, 7, 7, 7, 7, 3, 2, 3, 0, 0, 0, 0);
      assertThat(c.inputs().shape()).isEqualTo(Shape.of(1, 3));
      assertThat(ints((TInt32) c.inputs())).containsExactly(2, 9, 3);
      assertThat(ints(c.labels())).containsExactly(1);
    }
  }

  @Test
  void pairsAreCutOnTheIdRowAndKeepTheirTypeRow() {
    // [2, 5]: ids then type ids; the type row's zeros after position 2 are not padding to trim by
    int[] ids = {
        2, 5, 3, 6, 3, 0,   0, 0, 0, 1, 1, 0,
        2, 4, 3, 0, 0, 0,   0, 0, 0, 0, 0, 0};
    ArrayBatches src = ArrayBatches.ofTokens(ids, Shape.of(2, 6), new int[] {0, 1}).batchSize(2).shuffle(false)
        .prefetch(0).build();
    LongestPadding lp = new LongestPadding(src, PAD);
    assertThat(lp.exampleShape().asArray()).containsExactly(2, -1);
    try (Batch a = lp.epoch(0).next()) {
      assertThat(a.inputs().shape()).isEqualTo(Shape.of(2, 2, 5));
      assertThat(ints((TInt32) a.inputs())).containsExactly(2, 5, 3, 6, 3, 0, 0, 0, 1, 1, 2, 4, 3, 0, 0, 0, 0, 0, 0, 0);
    }
    assertThatThrownBy(() -> new LongestPadding(ArrayBatches.ofTokens(new int[6], Shape.of(3, 2), new int[] {0})
        .build(), PAD)).hasMessageContaining("examples must be [maxLength] or [2, maxLength], got [3, 2]");
  }

  @Test
  void logitsOfATextAreTheSamePaddedTo128OrToItsBatchesLongest() {
    int max = 128;
    TransformerSpec spec = TransformerSpec.builder("custom", 40, max, 16, 2, 2, 32, 3).dropout(0)
        .initializerRange(0.3).build();
    Random r = new Random(5);
    int n = 6;
    int[] ids = new int[n * max];
    int[] lengths = {9, 3, 17, 5, 2, 11};
    for (int i = 0; i < n; i++) {
      ids[i * max] = 2;
      for (int p = 1; p < lengths[i] - 1; p++) ids[i * max + p] = 5 + r.nextInt(35);
      ids[i * max + lengths[i] - 1] = 3;
    }
    ArrayBatches full = ArrayBatches.ofTokens(ids, Shape.of(max), new int[n]).batchSize(3).shuffle(false)
        .prefetch(0).build();
    LongestPadding cut = new LongestPadding(full, PAD);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      TransformerModel model = spec.build(tf.withSubScope("model"), 4);
      Placeholder<TInt32> x = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, -1)));
      Operand<TFloat32> logits = model.logits(ModelContext.inference(tf), x);
      s.initialize();
      List<float[]> a = run(s, x, logits, full.epoch(0)), b = run(s, x, logits, cut.epoch(0));
      try (Batch first = cut.epoch(0).next(); Batch second = full.epoch(0).next()) {
        assertThat(first.inputs().shape()).isEqualTo(Shape.of(3, 17));
        assertThat(second.inputs().shape()).isEqualTo(Shape.of(3, max));
      }
      double maxDiff = 0, scale = 0;
      for (int i = 0; i < a.size(); i++)
        for (int k = 0; k < a.get(i).length; k++) {
          maxDiff = Math.max(maxDiff, Math.abs(a.get(i)[k] - b.get(i)[k]));
          scale = Math.max(scale, Math.abs(a.get(i)[k]));
        }
      assertThat(scale).as("logits are not trivially small").isGreaterThan(0.1);
      assertThat(maxDiff).isLessThan(1e-5);
    }
  }

  private static List<float[]> run(Session s, Placeholder<TInt32> x, Operand<TFloat32> logits, Iterator<Batch> it) {
    List<float[]> out = new ArrayList<>();
    while (it.hasNext()) {
      try (Batch b = it.next(); Result r = s.runner().feed(x, b.inputs()).fetch(logits).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        float[] v = new float[(int) t.shape().size()];
        t.asRawTensor().data().asFloats().read(v);
        out.add(v);
      }
    }
    return out;
  }
}
