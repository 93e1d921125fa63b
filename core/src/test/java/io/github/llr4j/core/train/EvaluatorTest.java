package io.github.llr4j.core.train;

import io.github.llr4j.core.loss.CrossEntropyLoss;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.Params;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

class EvaluatorTest {

  /** logits = x W with a fixed 2x2 W. */
  private static final float[][] W = {{1f, -1f}, {0.5f, 2f}};

  @Test
  void meanLossAndAccuracyMatchHostComputation() {
    float[] x = {1, 0, 0, 1, 2, 1, -1, 0.5f, 0.3f, -2};
    int[] y = {0, 1, 1, 0, 0};
    double loss = 0;
    int hits = 0;
    for (int i = 0; i < 5; i++) {
      double[] z = new double[2];
      for (int k = 0; k < 2; k++) z[k] = x[2 * i] * W[0][k] + x[2 * i + 1] * W[1][k];
      double lse = Math.log(Math.exp(z[0]) + Math.exp(z[1]));
      loss += lse - z[y[i]];
      if ((z[1] > z[0] ? 1 : 0) == y[i]) hits++;
    }
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> w = tf.variable(tf.constant(W));
      Model m = new Model() {
        public List<Variable<TFloat32>> trainableVariables() { return List.of(w); }
        public List<Variable<TFloat32>> stateVariables() { return List.of(); }
        @SuppressWarnings("unchecked")
        public Operand<TFloat32> logits(ModelContext ctx, Operand<? extends TType> in) {
          return ctx.tf().linalg.matMul((Operand<TFloat32>) in, Params.read(ctx.tf(), w));
        }
      };
      Evaluator ev = new Evaluator(tf, m, new CrossEntropyLoss(2), TFloat32.class, Shape.of(2));
      ArrayBatches data = ArrayBatches.ofFloats(x, Shape.of(2), y).batchSize(2).seed(4).build();
      Evaluator.Metrics all = ev.evaluate(s, data, 0);
      assertThat(all.examples()).isEqualTo(5);
      assertThat(all.meanLoss()).isCloseTo(loss / 5, within(1e-5));
      assertThat(all.accuracy()).isCloseTo(hits / 5.0, within(1e-12));
      assertThat(ev.evaluate(s, data, 1).examples()).isEqualTo(2);
      assertThat(all.hasTop5()).as("2 classes: no top-5").isFalse();
    }
  }

  /** Logits given by hand (the model passes its input through), 7 classes, batches of 3 and 2. */
  @Test
  void top5AccuracyCountsLabelsAmongTheFiveLargestLogits() {
    float[] x = {
      7, 6, 5, 4, 3, 2, 1, // label 0: top-1 and top-5
      7, 6, 5, 4, 3, 2, 1, // label 4: its logit 3 is the 5th largest, top-5 only
      7, 6, 5, 4, 3, 2, 1, // label 5: 6th largest, neither
      1, 2, 3, 4, 5, 6, 7, // label 2: 5th largest, top-5 only
      0, 0, 0, 0, 0, 0, 9, // label 6: top-1 and top-5
    };
    int[] y = {0, 4, 5, 2, 6};
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Model m = new Model() {
        public List<Variable<TFloat32>> trainableVariables() { return List.of(); }
        public List<Variable<TFloat32>> stateVariables() { return List.of(); }
        @SuppressWarnings("unchecked")
        public Operand<TFloat32> logits(ModelContext ctx, Operand<? extends TType> in) {
          return (Operand<TFloat32>) in;
        }
      };
      Evaluator ev = new Evaluator(tf, m, new CrossEntropyLoss(7), TFloat32.class, Shape.of(7));
      ArrayBatches data = ArrayBatches.ofFloats(x, Shape.of(7), y).batchSize(3).seed(4).build();
      Evaluator.Metrics all = ev.evaluate(s, data, 0);
      assertThat(all.examples()).isEqualTo(5);
      assertThat(all.accuracy()).isCloseTo(2 / 5.0, within(1e-12));
      assertThat(all.hasTop5()).isTrue();
      assertThat(all.top5Accuracy()).isCloseTo(4 / 5.0, within(1e-12));
    }
  }
}
