package io.github.llr4j.adversarial.attack;

import org.tensorflow.Session;

/** An attack on one batch: adversarial inputs and, per example, whether the model withstood it. */
public interface Attack {

  /**
   * Adversarial inputs and robustness flags. {@code robust[i]} (untargeted): example i was
   * classified correctly at the clean input and at every iterate the attack evaluated, over all
   * restarts; targeted: the target label was never predicted. {@code adversarial} holds, per
   * example, the first input that broke it, else the last iterate of the restart with the highest
   * loss.
   */
  record Outcome(float[] adversarial, boolean[] robust) {
    public int robustCount() {
      int c = 0;
      for (boolean r : robust) if (r) c++;
      return c;
    }
  }

  /** Runs the attack on {@code x} (row major, values in the box) with labels (or targets) {@code y}. */
  Outcome run(AttackGraph graph, Session session, float[] x, int[] y, long seed);

  /** The threat model's radius. */
  double eps();

  /** Name and settings, for reports. */
  String describe();
}
