package io.github.llr4j.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.Scaled;
import io.github.llr4j.core.hparam.TrainingClock;
import io.github.llr4j.core.optim.ParameterGroups.Group;
import io.github.llr4j.core.testing.QuarticProblem;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.tensorflow.types.TFloat64;

class ParameterGroupsTest {

  private static final Hyperparameter LR = Hyperparameter.constant(0.1);

  /** w0 at lr 0.05 (0.1 scaled by 0.5), w1 frozen, w2 (the head) at lr 0.1; plain SGD. */
  private static ParameterGroups groups(Optimizer low, Optimizer head) {
    return ParameterGroups.of(List.of(
        Group.trained("low", n -> n.equals("model/w0"), low),
        Group.frozen("frozen", n -> n.equals("model/w1")),
        Group.trained(ParameterGroups.HEAD, n -> true, head)));
  }

  @Test
  void eachGroupStepsAtItsOwnRateAndAFrozenGroupNeverMoves() {
    ParameterGroups o = groups(Sgd.plain(new Scaled(LR, 0.5)), Sgd.plain(LR));
    try (QuarticProblem p = new QuarticProblem(TFloat64.class, o)) {
      double[][] start = p.read();
      for (int s = 0; s < 3; s++) {
        double[][] before = p.read();
        double[][] g = QuarticProblem.gradient(before);
        p.step(TrainingClock.at(s, 3, 1));
        double[][] after = p.read();
        for (int k = 0; k < before[0].length; k++) {
          assertThat(after[0][k]).isCloseTo(before[0][k] - 0.05 * g[0][k], Offset.offset(1e-15));
        }
        for (int k = 0; k < before[2].length; k++) {
          assertThat(after[2][k]).isCloseTo(before[2][k] - 0.1 * g[2][k], Offset.offset(1e-15));
        }
      }
      double[][] end = p.read();
      // bit-identical: not even rounding touched the frozen variable
      assertThat(end[1]).containsExactly(start[1]);
      assertThat(end[0]).isNotEqualTo(start[0]);
      assertThat(end[2]).isNotEqualTo(start[2]);
    }
  }

  @Test
  void theHeadKeepsThePlainRateNameAndAFrozenGroupHasNoState() {
    // momentum and weight decay everywhere: the frozen w1 still gets neither state nor decay
    ParameterGroups o = groups(Sgd.momentum(new Scaled(LR, 0.5), 0.9, 0.1), Sgd.momentum(LR, 0.9, 0.1));
    try (QuarticProblem p = new QuarticProblem(TFloat64.class, o)) {
      double[][] start = p.read();
      List<String> state = new ArrayList<>();
      p.graph().operations().forEachRemaining(op -> {
        if (op.type().equals("VariableV2") && !op.name().startsWith("model/")) state.add(op.name());
      });
      assertThat(state).containsExactlyInAnyOrder(
          "low/sgd/momentum/model.w0", "head/sgd/momentum/model.w2");
      for (int s = 0; s < 3; s++) p.step(TrainingClock.at(s, 3, 1));
      assertThat(p.read()[1]).containsExactly(start[1]);
    }
  }

  @Test
  void aParameterInNoGroupIsRefusedByName() {
    ParameterGroups o = ParameterGroups.of(List.of(
        Group.trained("low", n -> n.equals("model/w0"), Sgd.plain(LR))));
    assertThatThrownBy(() -> new QuarticProblem(TFloat64.class, o))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameter 'model/w1' is in no parameter group");
  }

  @Test
  void aClipBeforeTheGroupsMeasuresOnlyTrainedGradients() {
    // clip to 1e-3 over w0 and w2 only: the step of w0 and w2 together has norm lr * 1e-3
    ParameterGroups o = new ParameterGroups(List.of(
        Group.frozen("frozen", n -> n.equals("model/w1")),
        Group.trained(ParameterGroups.HEAD, n -> true, Sgd.plain(LR))), new GlobalNormClip(1e-3));
    try (QuarticProblem p = new QuarticProblem(TFloat64.class, o)) {
      double[][] before = p.read();
      double[][] g = QuarticProblem.gradient(before);
      double norm = 0;
      for (int i : new int[] {0, 2}) for (double v : g[i]) norm += v * v;
      norm = Math.sqrt(norm);
      p.step(TrainingClock.at(0, 1, 1));
      double[][] after = p.read();
      for (int i : new int[] {0, 2}) {
        for (int k = 0; k < g[i].length; k++) {
          assertThat(before[i][k] - after[i][k])
              .isCloseTo(0.1 * g[i][k] * 1e-3 / norm, Offset.offset(1e-15));
        }
      }
      assertThat(after[1]).containsExactly(before[1]);
    }
  }

  @Test
  void refusesATwoPassGroupOptimizerAndABadGroupName() {
    assertThatThrownBy(() -> ParameterGroups.of(List.of(
            Group.trained("a", n -> true, Sam.sam(Sgd.plain(LR), 0.05)))))
        .hasMessageContaining("wrap the parameter groups in SAM instead");
    assertThatThrownBy(() -> Group.frozen("a.b", n -> true))
        .hasMessageContaining("group name must match");
  }
}
