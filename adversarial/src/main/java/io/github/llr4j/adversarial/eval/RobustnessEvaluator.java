package io.github.llr4j.adversarial.eval;

import io.github.llr4j.adversarial.attack.Attack;
import io.github.llr4j.adversarial.attack.AttackGraph;
import io.github.llr4j.adversarial.attack.AttackMode;
import io.github.llr4j.adversarial.attack.Box;
import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.data.Batches;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelSpec;
import io.github.llr4j.core.train.checkpoint.Checkpoints;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleFunction;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Clean and robust accuracy of one model. Every example is attacked at every eps; it counts as
 * robust at eps when it is classified correctly both clean and under the attack (so robust accuracy
 * never exceeds clean accuracy, and eps = 0 gives the clean accuracy exactly).
 */
public final class RobustnessEvaluator implements AutoCloseable {

  /** Accuracy at one eps over {@code examples} examples (fractions in [0, 1]). */
  public record Point(double eps, double cleanAccuracy, double robustAccuracy, long examples, double seconds) {}

  /** Accuracy under one kind and magnitude of input noise. */
  public record NoisePoint(Noise kind, double magnitude, double accuracy, long examples) {}

  /**
   * Input corruptions of the reference code's noise study; results are clipped to the box (the
   * reference leaves its clipping commented out). {@link #UNIFORM} adds m U[-1, 1] (zero mean);
   * {@link #UNIFORM_REF} adds m U[0, 1) as the reference's {@code rand} noise, whose magnitudes are
   * signed (m = -0.1 adds values in (-0.1, 0]), so it also shifts the mean by m / 2.
   */
  public enum Noise { SHIFT, GAUSSIAN, UNIFORM, UNIFORM_REF }

  /** One draw of {@code kind} noise of magnitude {@code m}, per pixel. */
  public static double perturbation(Noise kind, double m, Random rnd) {
    return switch (kind) {
      case SHIFT -> m;
      case GAUSSIAN -> m * rnd.nextGaussian();
      case UNIFORM -> m * (2 * rnd.nextDouble() - 1);
      case UNIFORM_REF -> m * rnd.nextDouble();
    };
  }

  private final Graph graph;
  private final Session session;
  private final AttackGraph attackGraph;
  private final boolean owns;

  /** Uses an existing session whose graph holds {@code attackGraph} (tests, training hooks). */
  public RobustnessEvaluator(Session session, AttackGraph attackGraph) {
    this.graph = null;
    this.session = session;
    this.attackGraph = attackGraph;
    this.owns = false;
  }

  private RobustnessEvaluator(Graph graph, Session session, AttackGraph attackGraph) {
    this.graph = graph;
    this.session = session;
    this.attackGraph = attackGraph;
    this.owns = true;
  }

  /** Builds {@code spec} under the trainer's scope, restores the run's checkpoint, attacks in inference mode. */
  public static RobustnessEvaluator fromCheckpoint(ModelSpec spec, Shape exampleShape, Path runOrCheckpoint) {
    Path dir = Checkpoints.resolve(runOrCheckpoint);
    Graph g = new Graph();
    try {
      Ops tf = Ops.create(g);
      Model model = spec.build(tf.withSubScope("model"), 0);
      AttackGraph ag = new AttackGraph(tf, model, exampleShape, AttackMode.INFERENCE, spec.classes());
      Session s = new Session(g);
      try {
        Checkpoints.restoreVariables(s, dir);
      } catch (RuntimeException e) {
        s.close();
        throw e;
      }
      return new RobustnessEvaluator(g, s, ag);
    } catch (RuntimeException e) {
      g.close();
      throw e;
    }
  }

  /**
   * Clean and robust accuracy at each eps, over the first {@code limit} examples of epoch-0 order
   * (0 = all); {@code attackForEps} makes the attack for one eps (never called for eps 0, whose
   * robust accuracy is the clean accuracy by definition).
   */
  public List<Point> evaluate(Batches data, List<Double> epsilons, DoubleFunction<Attack> attackForEps, int limit,
      long seed) {
    if (epsilons == null || epsilons.isEmpty()) throw new IllegalArgumentException("eps list must not be empty");
    long[] robust = new long[epsilons.size()];
    double[] seconds = new double[epsilons.size()];
    long clean = 0, n = 0;
    int batchIndex = 0;
    Iterator<Batch> it = data.epoch(0);
    while (it.hasNext() && (limit == 0 || n < limit)) {
      float[] x;
      int[] y;
      try (Batch b = it.next()) {
        int take = limit == 0 ? b.size() : (int) Math.min(b.size(), limit - n);
        x = floats(b, take);
        y = new int[take];
        for (int i = 0; i < take; i++) y[i] = b.labels().getInt(i);
      }
      boolean[] ok = attackGraph.evaluate(session, x, y, false).correct();
      for (boolean c : ok) if (c) clean++;
      for (int k = 0; k < epsilons.size(); k++) {
        if (epsilons.get(k) == 0) {
          // the eps-0 ball is the example itself: robust exactly when clean, no attack needed
          for (boolean c : ok) if (c) robust[k]++;
          continue;
        }
        long t0 = System.nanoTime();
        Attack attack = attackForEps.apply(epsilons.get(k));
        boolean[] r = attack.run(attackGraph, session, x, y, seed * 1_000_003L + batchIndex).robust();
        for (int i = 0; i < r.length; i++) if (r[i] && ok[i]) robust[k]++;
        seconds[k] += (System.nanoTime() - t0) / 1e9;
      }
      n += y.length;
      batchIndex++;
    }
    if (n == 0) throw new IllegalArgumentException("data must yield at least one example, got none");
    List<Point> out = new ArrayList<>();
    for (int k = 0; k < epsilons.size(); k++)
      out.add(new Point(epsilons.get(k), (double) clean / n, (double) robust[k] / n, n, seconds[k]));
    return out;
  }

  /** Accuracy under {@code kind} noise of each magnitude (shift c: x + c; Gaussian sigma; uniform in [-m, m];
   * uniform-ref in [0, m) or (m, 0]). */
  public List<NoisePoint> noise(Batches data, Noise kind, List<Double> magnitudes, Box box, int limit, long seed) {
    List<NoisePoint> out = new ArrayList<>();
    for (double m : magnitudes) {
      Random rnd = new Random(seed);
      long hits = 0, n = 0;
      Iterator<Batch> it = data.epoch(0);
      while (it.hasNext() && (limit == 0 || n < limit)) {
        float[] x;
        int[] y;
        try (Batch b = it.next()) {
          int take = limit == 0 ? b.size() : (int) Math.min(b.size(), limit - n);
          x = floats(b, take);
          y = new int[take];
          for (int i = 0; i < take; i++) y[i] = b.labels().getInt(i);
        }
        for (int j = 0; j < x.length; j++) {
          double d = perturbation(kind, m, rnd);
          x[j] = (float) Math.min(Math.max(x[j] + d, box.lo()), box.hi());
        }
        for (boolean c : attackGraph.evaluate(session, x, y, false).correct()) if (c) hits++;
        n += y.length;
      }
      out.add(new NoisePoint(kind, m, (double) hits / n, n));
    }
    return out;
  }

  private float[] floats(Batch b, int take) {
    if (!(b.inputs() instanceof TFloat32 t))
      throw new IllegalArgumentException("attacks need float32 inputs, got " + b.inputs().dataType());
    float[] all = new float[(int) t.size()];
    t.copyTo(DataBuffers.of(all, false, false));
    return take * attackGraph.exampleSize() == all.length ? all
        : java.util.Arrays.copyOf(all, take * attackGraph.exampleSize());
  }

  @Override
  public void close() {
    if (owns) {
      session.close();
      graph.close();
    }
  }
}
