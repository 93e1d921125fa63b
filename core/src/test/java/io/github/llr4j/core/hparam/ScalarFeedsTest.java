package io.github.llr4j.core.hparam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class ScalarFeedsTest {

  @Test
  void feedsTheScheduledValueOfEachStepIntoOneGraph() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      ScalarFeeds feeds = new ScalarFeeds(tf);
      Hyperparameter halving = c -> 1.0 / (1L << c.epoch());
      Operand<TFloat32> lr = feeds.scalar("lr", halving, TFloat32.class);
      Operand<TFloat32> doubled = tf.math.mul(lr, tf.constant(2f));
      float[] seen = new float[3];
      for (int step = 0; step < 3; step++) {
        TrainingClock clock = TrainingClock.at(step * 10L, 10, 3);
        Session.Runner r = s.runner();
        try (ScalarFeeds.Fed fed = feeds.feed(r, clock);
            Result out = r.fetch(doubled).run()) {
          seen[step] = ((TFloat32) out.get(0)).getFloat();
          assertThat(fed.values()).containsEntry("lr", 1.0 / (1L << step));
        }
      }
      assertThat(seen).containsExactly(2f, 1f, 0.5f);
      // an unchanged value reuses the cached tensor; a changed one replaces it
      for (long step : new long[] {25, 27, 3}) {
        Session.Runner r = s.runner();
        try (ScalarFeeds.Fed fed = feeds.feed(r, TrainingClock.at(step, 10, 3));
            Result out = r.fetch(doubled).run()) {
          assertThat(((TFloat32) out.get(0)).getFloat()).isEqualTo(step < 10 ? 2f : 0.5f);
        }
      }
      feeds.close();
    }
  }

  @Test
  void rejectsBadNamesReusedNamesAndNonFiniteValues() {
    try (Graph g = new Graph()) {
      ScalarFeeds feeds = new ScalarFeeds(Ops.create(g));
      Hyperparameter one = Hyperparameter.constant(1);
      assertThat(feeds.scalar("a", one)).isSameAs(feeds.scalar("a", one));
      assertThatThrownBy(() -> feeds.scalar("a", Hyperparameter.constant(2)))
          .hasMessageContaining("'a' is already fed");
      assertThatThrownBy(() -> feeds.scalar("bad name", one))
          .hasMessageContaining("hyperparameter name must match");
      feeds.scalar("nan", c -> c.step() > 5 ? Double.NaN : 0);
      assertThatThrownBy(() -> feeds.valuesAt(TrainingClock.at(6, 10, 1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("'nan' is NaN at step 6");
    }
  }

  @Test
  void aPrefixedViewRegistersUnderThePrefixInTheSameRegistry() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      ScalarFeeds feeds = new ScalarFeeds(tf);
      Hyperparameter lr = Hyperparameter.constant(0.1);
      Operand<TFloat32> head = feeds.scalar("lr", lr, TFloat32.class);
      // a second optimizer's "lr" with another value: refused in the registry, fine in a view
      Hyperparameter low = new Scaled(lr, 0.25);
      assertThatThrownBy(() -> feeds.scalar("lr", low)).hasMessageContaining("already fed");
      Operand<TFloat32> layer = feeds.prefixed("layer_0.").scalar("lr", low, TFloat32.class);
      assertThat(feeds.names()).containsExactly("lr", "layer_0.lr");
      Session.Runner r = s.runner();
      try (ScalarFeeds.Fed fed = feeds.prefixed("x.").feed(r, TrainingClock.at(0, 1, 1));
          Result out = r.fetch(head).fetch(layer).run()) {
        assertThat(((TFloat32) out.get(0)).getFloat()).isEqualTo(0.1f);
        assertThat(((TFloat32) out.get(1)).getFloat()).isEqualTo(0.025f);
        assertThat(fed.values()).containsEntry("layer_0.lr", 0.025);
      }
      assertThatThrownBy(() -> feeds.prefixed("/bad")).hasMessageContaining("hyperparameter prefix");
      feeds.close();
    }
  }
}
