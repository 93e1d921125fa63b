package io.github.llr4j.core.reshape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.ScalarFeeds;
import io.github.llr4j.core.hparam.TrainingClock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class ReshapedObjectiveTest {

  /** Runs L_fin, factor and dL_fin/dL for loss value {@code l} at {@code clock}. */
  private static float[] run(ReshapedObjective obj, Hyperparameter l0, float l, TrainingClock... clocks) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      ScalarFeeds feeds = new ScalarFeeds(tf);
      Placeholder<TFloat32> loss = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      ReshapedObjective.Built b = obj.build(tf, tf.identity(loss), feeds, l0);
      var grad = tf.gradients(b.reshaped(), List.of(loss)).dy(0);
      float[] out = new float[3 * clocks.length];
      for (int i = 0; i < clocks.length; i++) {
        Session.Runner r = s.runner();
        try (TFloat32 in = TFloat32.scalarOf(l);
            ScalarFeeds.Fed fed = feeds.feed(r.feed(loss, in), clocks[i]);
            Result res = r.fetch(b.reshaped()).fetch(b.gradientFactor()).fetch(grad).run()) {
          for (int j = 0; j < 3; j++) out[3 * i + j] = ((TFloat32) res.get(j)).getFloat();
        }
      }
      return out;
    }
  }

  @Test
  void activeStepIsL0TimesFOfNormalisedLossAndFactorIsFPrime() {
    Sech sech = Reshapers.sech();
    ReshapedObjective obj = ReshapedObjective.builder(sech).initialLoss(InitialLoss.fixed(2.3)).build();
    float[] o = run(obj, Hyperparameter.constant(2.3), 0.69f, TrainingClock.at(0, 10, 5));
    double x = 0.69f / 2.3;
    assertThat((double) o[0]).isCloseTo(2.3 * sech.value(x), within(1e-5));
    assertThat((double) o[1]).isCloseTo(sech.derivative(x), within(1e-5));
    assertThat(o[2]).isCloseTo(o[1], within(1e-6f)); // TF's gradient of the whole objective
  }

  /**
   * The factor (d f/dx at x = L/L0, differentiating the reshaper alone) equals TF's gradient of the
   * whole objective with respect to L, and the analytic f', for every catalogue function.
   */
  @Test
  void factorIsTheGradientOfTheWholeObjectiveForEveryFunction() {
    // catalogue defaults, except window and flooding, whose defaults (a = 1, b = 0) give f' = 1 here
    java.util.List<LossReshaper> all = new java.util.ArrayList<>();
    for (String name : Reshapers.names()) {
      if (!name.equals("window") && !name.equals("flooding")) all.add(Reshapers.create(name, java.util.Map.of()));
    }
    all.add(Reshapers.window(3, 0.1, 0.5));
    all.add(Reshapers.flooding(0.4));
    all.add(UserFunction.of("ignores_x", (tf, x) -> tf.constant(0.25)));
    for (LossReshaper f : all) {
      String name = f.name();
      ReshapedObjective obj = ReshapedObjective.builder(f).initialLoss(InitialLoss.fixed(2.0)).build();
      for (float l : new float[] {0.3f, 1.7f}) {
        float[] o = run(obj, Hyperparameter.constant(2.0), l, TrainingClock.at(0, 10, 5));
        assertThat(o[1]).as("%s at L = %s", name, l).isCloseTo(o[2], within(1e-5f * Math.max(1, Math.abs(o[2]))));
        assertThat((double) o[1]).as("%s at L = %s", name, l).isCloseTo(f.derivative(l / 2.0), within(1e-4));
      }
    }
  }

  @Test
  void withoutL0TheFunctionActsOnTheRawLoss() {
    LinQuad lq = Reshapers.linquad(0.5);
    ReshapedObjective obj = ReshapedObjective.builder(lq).initialLoss(InitialLoss.none()).build();
    float[] o = run(obj, null, 2f, TrainingClock.at(0, 10, 5));
    assertThat(o[0]).isEqualTo(4f); // 2 + 0.5 * 4
    assertThat(o[1]).isEqualTo(3f); // 1 + 2 * 0.5 * 2
  }

  @Test
  void inactiveEpochsGiveExactlyThePlainLossAndFactorOneEvenWithAZeroL0() {
    ReshapedObjective obj =
        ReshapedObjective.builder(Reshapers.sech()).schedule(ReshapeSchedule.calmDown(2)).build();
    // epochs 3 and 4 of 5 are calm-down; L0 fed as 0 would be inf/NaN if it leaked
    float[] o = run(obj, Hyperparameter.constant(0), 1.2345f, TrainingClock.at(35, 10, 5), TrainingClock.at(49, 10, 5));
    assertThat(o).containsExactly(1.2345f, 1f, 1f, 1.2345f, 1f, 1f);
  }

  @Test
  void coefficientOverrideFedPerStepChangesTheValueWithoutANewGraph() {
    Sech sech = Reshapers.sech();
    Hyperparameter b = c -> c.epoch() == 0 ? 0.15 : 0.5;
    ReshapedObjective obj = ReshapedObjective.builder(sech).coefficient("b", b).build();
    float[] o = run(obj, Hyperparameter.constant(1.0), 0.5f, TrainingClock.at(0, 10, 2), TrainingClock.at(10, 10, 2));
    assertThat((double) o[0]).isCloseTo(sech.value(0.5), within(1e-6));
    assertThat((double) o[3]).isCloseTo(Reshapers.sech(2.5, 0.5).value(0.5), within(1e-6));
    assertThat((double) o[4]).isCloseTo(Reshapers.sech(2.5, 0.5).derivative(0.5), within(1e-6));
    assertThat(o[3]).isNotCloseTo(o[0], within(0.1f));
  }

  @Test
  void buildingTwiceOnTheSameFeedsSharesThePlaceholders() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ScalarFeeds feeds = new ScalarFeeds(tf);
      ReshapedObjective obj = ReshapedObjective.builder(Reshapers.sech()).build();
      Hyperparameter l0 = Hyperparameter.constant(2.0);
      obj.build(tf, tf.constant(1f), feeds, l0);
      obj.build(tf, tf.constant(0.5f), feeds, l0);
      assertThat(feeds.names())
          .containsExactly("reshape_active", "reshape_a", "reshape_b", "reshape_plus-base", "reshape_l0");
    }
  }

  @Test
  void plainIsTheIdentity() {
    float[] o = run(ReshapedObjective.plain(), null, 0.7f, TrainingClock.at(0, 1, 1));
    assertThat(o).containsExactly(0.7f, 1f, 1f);
    assertThat(ReshapedObjective.plain().isPlain()).isTrue();
    assertThat(ReshapedObjective.plain().activeAt(0, 1)).isFalse();
  }

  @Test
  void activeAtTable() {
    ReshapedObjective last2 =
        ReshapedObjective.builder(Reshapers.sech()).schedule(ReshapeSchedule.lastEpochs(2)).build();
    ReshapedObjective calm2 =
        ReshapedObjective.builder(Reshapers.sech()).schedule(ReshapeSchedule.calmDown(2)).build();
    ReshapedObjective first =
        ReshapedObjective.builder(Reshapers.sech()).initialLoss(InitialLoss.firstEpoch()).build();
    ReshapedObjective both =
        ReshapedObjective.builder(Reshapers.sech())
            .schedule(new ReshapeSchedule(4, 1)).initialLoss(InitialLoss.firstEpoch()).build();
    boolean[][] expected = {
      {false, false, false, true, true},
      {true, true, true, false, false},
      {false, true, true, true, true},
      {false, true, true, true, false},
    };
    ReshapedObjective[] objs = {last2, calm2, first, both};
    for (int i = 0; i < objs.length; i++) {
      for (int e = 0; e < 5; e++) {
        assertThat(objs[i].activeAt(e, 5)).as("row " + i + " epoch " + e).isEqualTo(expected[i][e]);
      }
    }
    assertThat(first.describe())
        .containsEntry("function", "sech")
        .containsEntry("initialLoss", "FirstEpoch[]");
  }
}
