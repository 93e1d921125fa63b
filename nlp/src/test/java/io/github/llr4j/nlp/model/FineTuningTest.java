package io.github.llr4j.nlp.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.Scaled;
import io.github.llr4j.core.hparam.ScalarFeeds;
import io.github.llr4j.core.hparam.TrainingClock;
import io.github.llr4j.core.optim.Optimizer;
import io.github.llr4j.core.optim.Sgd;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat64;

class FineTuningTest {

  /** Variables named as TransformerModel names them: embeddings, 3 layers, a head. */
  private static final String[] NAMES = {
      "model/encoder/embeddings/word/table", "model/encoder/layer_0/ffn/output/kernel",
      "model/encoder/layer_1/attention_norm/gamma", "model/encoder/layer_2/ffn/intermediate/bias",
      "model/encoder/classifier/kernel"};

  /**
   * Every variable starts at 1 with the constant gradient 1; plain SGD at 0.1 (scaled per group).
   * Returns the values after {@code steps} steps and the fed hyperparameter names.
   */
  private static double[] run(FineTuning f, int steps, List<String> fedNames) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      List<Variable<TFloat64>> vs = new ArrayList<>();
      List<Operand<TFloat64>> gs = new ArrayList<>();
      for (String n : NAMES) {
        String[] parts = n.split("/");
        Ops scope = tf;
        for (int k = 0; k < parts.length - 1; k++) scope = scope.withSubScope(parts[k]);
        vs.add(scope.withName(parts[parts.length - 1]).variable(tf.constant(1.0)));
        gs.add(tf.constant(1.0));
      }
      ScalarFeeds feeds = new ScalarFeeds(tf);
      Hyperparameter lr = Hyperparameter.constant(0.1);
      Optimizer o = f.optimizer(scale -> Sgd.plain(scale == 1 ? lr : new Scaled(lr, scale)), null);
      Op step = o.applyGradients(tf, vs, gs, feeds);
      for (int i = 0; i < steps; i++) {
        Session.Runner r = s.runner();
        try (ScalarFeeds.Fed fed = feeds.feed(r, TrainingClock.at(i, steps, 1))) {
          r.addTarget(step).run();
        }
      }
      fedNames.addAll(feeds.names());
      Session.Runner r = s.runner();
      for (Variable<TFloat64> v : vs) r.fetch(v);
      double[] out = new double[vs.size()];
      try (Result res = r.run()) {
        for (int i = 0; i < out.length; i++) out[i] = ((TFloat64) res.get(i)).getDouble();
      }
      feeds.close();
      return out;
    }
  }

  @Test
  void layerwiseDecayScalesEachGroupByDToTheDistanceFromTheHead() {
    // L = 3, D = 0.5: head 0.1, layer_2 0.05, layer_1 0.025, layer_0 0.0125, embeddings 0.00625
    List<String> names = new ArrayList<>();
    double[] w = run(new FineTuning(0.5, false, 0), 2, names);
    double[] rates = {0.00625, 0.0125, 0.025, 0.05, 0.1};
    for (int i = 0; i < rates.length; i++) {
      assertThat(w[i]).as(NAMES[i]).isCloseTo(1 - 2 * rates[i], within(1e-15));
    }
    assertThat(names).containsExactlyInAnyOrder(
        "embeddings.lr", "layer_0.lr", "layer_1.lr", "layer_2.lr", "lr");
  }

  @Test
  void frozenEmbeddingsAndFirstLayersStayBitIdentical() {
    double[] w = run(new FineTuning(1, true, 2), 3, new ArrayList<>());
    assertThat(w[0]).isEqualTo(1.0);
    assertThat(w[1]).isEqualTo(1.0);
    assertThat(w[2]).isEqualTo(1.0);
    assertThat(w[3]).isCloseTo(0.7, within(1e-15));
    assertThat(w[4]).isCloseTo(0.7, within(1e-15));
  }

  @Test
  void refusesBadSettingsByName() {
    assertThatThrownBy(() -> new FineTuning(0, false, 0))
        .hasMessage("layer-wise lr decay must be in (0, 1], got 0.0");
    assertThatThrownBy(() -> new FineTuning(1.5, false, 0))
        .hasMessageContaining("got 1.5");
    assertThatThrownBy(() -> new FineTuning(1, false, -1))
        .hasMessage("frozen layer count must be >= 0, got -1");
    assertThatThrownBy(() -> run(new FineTuning(1, false, 4), 1, new ArrayList<>()))
        .hasMessage("frozen layer count must be at most the encoder's 3 layers, got 4");
    assertThat(new FineTuning(1, false, 0).isPlain()).isTrue();
  }
}
