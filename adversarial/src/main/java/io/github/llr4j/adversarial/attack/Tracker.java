package io.github.llr4j.adversarial.attack;

/**
 * Per-example bookkeeping shared by the attacks: an example stays robust while every evaluated
 * iterate is classified correctly (untargeted) or away from the target (targeted); the first
 * breaking input is kept, else the final iterate of the restart with the highest loss.
 */
final class Tracker {
  private final int size;
  private final boolean targeted;
  private final boolean[] robust;
  private final boolean[] broken;
  private final float[] adversarial;
  private final float[] bestLoss;

  Tracker(float[] x0, int n, int size, boolean targeted) {
    this.size = size;
    this.targeted = targeted;
    robust = new boolean[n];
    java.util.Arrays.fill(robust, true);
    broken = new boolean[n];
    adversarial = x0.clone();
    bestLoss = new float[n];
    java.util.Arrays.fill(bestLoss, Float.NEGATIVE_INFINITY);
  }

  /** Records the evaluation of iterate {@code x}. */
  void observe(float[] x, AttackGraph.Evaluation ev) {
    boolean[] fooled = new boolean[robust.length];
    for (int i = 0; i < fooled.length; i++) fooled[i] = targeted == ev.correct()[i];
    observeFooled(fooled, x);
  }

  /**
   * Records a whole restart evaluated elsewhere (the fused graph): {@code fooled[i]} if some
   * iterate fooled the model on example i, {@code at} holding per example the first that did.
   */
  void observeFooled(boolean[] fooled, float[] at) {
    for (int i = 0; i < robust.length; i++) {
      if (fooled[i] && !broken[i]) {
        broken[i] = true;
        robust[i] = false;
        System.arraycopy(at, i * size, adversarial, i * size, size);
      }
    }
  }

  /** Keeps a restart's final iterate for the examples it did not break, if its loss is the highest. */
  void endRestart(float[] x, float[] loss) {
    for (int i = 0; i < robust.length; i++) {
      float l = targeted ? -loss[i] : loss[i];
      if (!broken[i] && l > bestLoss[i]) {
        bestLoss[i] = l;
        System.arraycopy(x, i * size, adversarial, i * size, size);
      }
    }
  }

  Attack.Outcome outcome() {
    return new Attack.Outcome(adversarial, robust);
  }
}
