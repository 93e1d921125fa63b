package io.github.llr4j.adversarial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llr4j.adversarial.attack.ApgdCe;
import io.github.llr4j.adversarial.attack.AttackGraph;
import io.github.llr4j.adversarial.attack.AttackMode;
import io.github.llr4j.adversarial.attack.Box;
import io.github.llr4j.adversarial.attack.Norm;
import io.github.llr4j.adversarial.attack.Pgd;
import io.github.llr4j.adversarial.train.PgdTraining;
import io.github.llr4j.adversarial.train.TradesTraining;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.Schedule;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;

/** eps beyond the box's diameter (1 for Linf on [0, 1], sqrt(n) for L2) is a mistake and refused. */
class EpsBoundsTest {

  @Test
  void theLargestRadiusIsTheBoxDiameter() {
    assertThat(Box.UNIT.maxRadius(Norm.LINF, 784)).isEqualTo(1.0);
    assertThat(Box.UNIT.maxRadius(Norm.L2, 784)).isEqualTo(28.0);
    assertThat(new Box(-1, 1).maxRadius(Norm.L2, 4)).isEqualTo(4.0);
  }

  @Test
  void linfAttacksRefuseRadiiBeyondTheBox() {
    assertThatThrownBy(() -> Pgd.linf(2, 0.1, 10, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("eps must be in [0, 1.0] for LINF on inputs in [0.0, 1.0] (a radius of 1.0 already reaches every"
            + " input in the box), got 2.0");
    assertThatThrownBy(() -> Pgd.fgsm(8)).hasMessageStartingWith("eps must be in [0, 1.0] for LINF");
    assertThatThrownBy(() -> ApgdCe.of(1.5, 10)).hasMessageStartingWith("eps must be in [0, 1.0] for LINF");
    assertThat(Pgd.linf(1, 0.1, 10, 1).eps()).isEqualTo(1.0);
  }

  @Test
  void l2IsCheckedAgainstTheExampleSizeWhenItRuns() {
    float[] x0 = {0.4f, 0.5f, 0.6f, 0.45f};
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      AttackGraph ag = new AttackGraph(tf, LinearAttackTest.linear(tf), Shape.of(4), AttackMode.INFERENCE, 2);
      // 4 values in [0, 1]: the diameter is 2
      assertThatThrownBy(() -> Pgd.l2(2.5, 0.5, 2, 1).run(ag, s, x0, new int[] {1}, 1))
          .hasMessage("eps must be in [0, 2.0] for L2 on inputs in [0.0, 1.0] of 4 values (a radius of 2.0 already"
              + " reaches every input in the box), got 2.5");
      assertThatThrownBy(() -> Pgd.l2(2.5, 0.5, 2, 1).finalIterate(ag, s, x0, new int[] {1}, 1))
          .hasMessageStartingWith("eps must be in [0, 2.0] for L2");
      assertThat(Pgd.l2(2, 0.5, 2, 1).run(ag, s, x0, new int[] {1}, 1).adversarial()).hasSize(4);
    }
  }

  @Test
  void adversarialTrainingRefusesItWhenTheHookIsMade() {
    assertThatThrownBy(() -> new PgdTraining(Hyperparameter.constant(5), Hyperparameter.constant(0.1), 3, 10, 1, Box.UNIT))
        .hasMessageStartingWith("eps must be in [0, 1.0] for LINF").hasMessageEndingWith("got 5.0");
    assertThatThrownBy(() -> new TradesTraining(Schedule.linearRamp(5, 2), Hyperparameter.constant(0.1), 3, 10, 1,
        Box.UNIT)).hasMessageEndingWith("got 5.0");
    assertThat(new PgdTraining(Hyperparameter.constant(8 / 255.0), Hyperparameter.constant(2 / 255.0), 3, 10, 1, Box.UNIT)
        .describe()).startsWith("pgd-at(eps=0.03137");
  }
}
