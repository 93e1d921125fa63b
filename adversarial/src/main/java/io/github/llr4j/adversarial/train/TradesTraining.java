package io.github.llr4j.adversarial.train;

import io.github.llr4j.adversarial.attack.Box;
import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.TrainingClock;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.train.TrainingInputHook;
import java.util.SplittableRandom;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * The inner maximisation of TRADES (Zhang et al., ICML 2019): for each training batch x, finds
 * x' in the Linf ball of radius eps (and the input box) that maximises KL(f(x) || f(x')), starting
 * at x + 0.001 N(0, 1) and taking {@code steps} signed-gradient steps of {@code stepSize}, with the
 * model in inference mode. The step then trains on the rows [x; x'] (2B rows), which
 * {@link TradesLoss} splits into its two terms.
 *
 * <p>Deviation from the reference code, which calls the model on x and x' separately in training
 * mode: here one training-mode pass sees both halves, so batch norm normalises with the joint
 * batch statistics and its moving statistics are updated once per step.
 */
public final class TradesTraining implements TrainingInputHook {

  private final Hyperparameter eps;
  private final Hyperparameter stepSize;
  private final int steps;
  private final int classes;
  private final long seed;
  private final Box box;
  private TradesAttackGraph graph;
  private int exampleSize;
  private Shape exampleShape;

  public TradesTraining(Hyperparameter eps, Hyperparameter stepSize, int steps, int classes, long seed, Box box) {
    if (eps == null || stepSize == null) throw new IllegalArgumentException("eps and step size must not be null");
    Require.atLeast("steps", steps, 1);
    Require.classes(classes);
    if (box == null) throw new IllegalArgumentException("box must not be null");
    EpsBound.checkLargest(eps, box);
    this.eps = eps;
    this.stepSize = stepSize;
    this.steps = steps;
    this.classes = classes;
    this.seed = seed;
    this.box = box;
  }

  @Override
  public void build(Ops tf, Model model, Class<? extends TType> inputType, Shape exampleShape) {
    if (inputType != TFloat32.class)
      throw new IllegalArgumentException("TRADES needs float32 inputs, got " + inputType.getSimpleName());
    graph = new TradesAttackGraph(tf, model, exampleShape, classes);
    this.exampleShape = exampleShape;
    exampleSize = (int) exampleShape.size();
  }

  @Override
  public Tensor inputs(Session session, Batch batch, TrainingClock clock) {
    if (graph == null) throw new IllegalStateException("build must be called before inputs");
    int n = batch.size();
    TFloat32 in = (TFloat32) batch.inputs();
    float[] x = new float[n * exampleSize];
    in.copyTo(DataBuffers.of(x, false, false));
    float[] adv = craft(session, x, n, (float) EpsBound.check(eps.valueAt(clock), box), (float) stepSize.valueAt(clock),
        seed * 1_000_003L + clock.step());
    float[] both = new float[2 * x.length];
    System.arraycopy(x, 0, both, 0, x.length);
    System.arraycopy(adv, 0, both, x.length, adv.length);
    return TFloat32.tensorOf(Shape.of(2L * n).append(exampleShape),
        DataBuffers.of(both, true, false));
  }

  /** x' for the clean rows {@code x}; package-private for tests. */
  float[] craft(Session session, float[] x, int n, float e, float a, long stepSeed) {
    float[] p = graph.probabilities(session, x, n);
    float[] adv = new float[x.length];
    SplittableRandom rnd = new SplittableRandom(stepSeed);
    for (int j = 0; j < x.length; j++) adv[j] = (float) (x[j] + 0.001 * gaussian(rnd));
    box.projectLinf(adv, x, e);
    float[] g = new float[x.length];
    for (int k = 0; k < steps; k++) {
      graph.divergence(session, adv, p, n, g);
      for (int j = 0; j < adv.length; j++) adv[j] += a * Math.signum(g[j]);
      box.projectLinf(adv, x, e);
    }
    return adv;
  }

  /** The summed KL(f(x) || f(x')) of a batch, for tests and reports. */
  float divergence(Session session, float[] x, float[] adv, int n) {
    return graph.divergence(session, adv, graph.probabilities(session, x, n), n, new float[adv.length]);
  }

  private static double gaussian(SplittableRandom rnd) {
    // Box-Muller; one of the pair is enough here
    double u = 1.0 - rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
  }

  @Override
  public String describe() {
    return "trades(eps=" + eps + ", step=" + stepSize + ", steps=" + steps + ", box=[" + box.lo() + ", " + box.hi()
        + "])";
  }
}
