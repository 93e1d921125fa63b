package io.github.llr4j.adversarial.train;

import io.github.llr4j.adversarial.attack.AttackGraph;
import io.github.llr4j.adversarial.attack.AttackMode;
import io.github.llr4j.adversarial.attack.Box;
import io.github.llr4j.adversarial.attack.Norm;
import io.github.llr4j.adversarial.attack.Pgd;
import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.TrainingClock;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.train.TrainingInputHook;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * PGD adversarial training (Madry et al. 2018): each step trains on PGD-Linf examples (random
 * start, one restart) crafted on the current weights with the model in inference mode. eps and
 * the step size are hyperparameters of the training clock, so an eps ramp-up is a schedule.
 * Cost: {@code steps} extra forward/backward passes per training step (passes per step =
 * steps + 1).
 */
public final class PgdTraining implements TrainingInputHook {

  private final Hyperparameter eps;
  private final Hyperparameter stepSize;
  private final int steps;
  private final long seed;
  private final Box box;
  private final int classes;
  private AttackGraph graph;

  public PgdTraining(Hyperparameter eps, Hyperparameter stepSize, int steps, int classes, long seed, Box box) {
    Require.classes(classes);
    this.classes = classes;
    if (eps == null || stepSize == null) throw new IllegalArgumentException("eps and step size must not be null");
    Require.atLeast("steps", steps, 1);
    if (box == null) throw new IllegalArgumentException("box must not be null");
    EpsBound.checkLargest(eps, box);
    this.eps = eps;
    this.stepSize = stepSize;
    this.steps = steps;
    this.seed = seed;
    this.box = box;
  }

  @Override
  public void build(Ops tf, Model model, Class<? extends TType> inputType, Shape exampleShape) {
    if (inputType != TFloat32.class)
      throw new IllegalArgumentException("PGD training needs float32 inputs, got " + inputType.getSimpleName());
    graph = new AttackGraph(tf, model, exampleShape, AttackMode.INFERENCE, classes);
  }

  @Override
  public Tensor inputs(Session session, Batch batch, TrainingClock clock) {
    if (graph == null) throw new IllegalStateException("build must be called before inputs");
    double e = eps.valueAt(clock);
    if (e == 0) return batch.inputs();
    TFloat32 in = (TFloat32) batch.inputs();
    float[] x = new float[(int) in.size()];
    in.copyTo(DataBuffers.of(x, false, false));
    int[] y = new int[batch.size()];
    for (int i = 0; i < y.length; i++) y[i] = batch.labels().getInt(i);
    Pgd pgd = new Pgd(Norm.LINF, e, stepSize.valueAt(clock), steps, 1, true, false, box);
    float[] adv = pgd.finalIterate(graph, session, x, y, seed * 1_000_003L + clock.step());
    return TFloat32.tensorOf(in.shape(), DataBuffers.of(adv, true, false));
  }

  @Override
  public String describe() {
    return "pgd-at(eps=" + eps + ", step=" + stepSize + ", steps=" + steps + ", box=[" + box.lo() + ", " + box.hi() + "])";
  }
}
