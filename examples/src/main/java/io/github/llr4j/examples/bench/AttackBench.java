package io.github.llr4j.examples.bench;

import io.github.llr4j.adversarial.attack.AttackGraph;
import io.github.llr4j.adversarial.attack.AttackMode;
import io.github.llr4j.adversarial.attack.Pgd;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.vision.models.ImageInput;
import io.github.llr4j.vision.models.ResNetCifar;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code llr4j bench attack}: one PGD-Linf attack (random start, {@code steps} iterates, one
 * restart) on a batch of random images against a ResNet-20 in inference mode, two ways: one
 * {@code Session.run} per iterate with the update in Java ({@link Pgd#runIterative}), and the
 * fused graph ({@link Pgd#run}); with {@code torch}, the same attack in PyTorch (the bundled
 * script's {@code --task pgd}) in the same rounds. Each attack is one timed step.
 */
public final class AttackBench {

  /** Names of the variants, as printed. */
  public static final String ITERATIVE = "llr4j-iterative";
  public static final String FUSED = "llr4j-fused";
  public static final String TORCH = "pytorch";

  /** The attack's settings. */
  public record Settings(int batch, int height, int width, int channels, double eps, double stepSize, int steps) {}

  /**
   * One variant's times: median ms per attack, examples attacked per second, and its time over
   * PyTorch's and over the iterative path's (NaN where that variant was not timed), each with its
   * bootstrap standard error.
   */
  public record Row(String name, double medianMs, double examplesPerSecond, double overTorch, double overTorchSe,
      double overIterative, double overIterativeSe) {}

  /** Rows of the interleaved rounds and, if asked for, of each variant timed alone. */
  public record Result(TorchReference.Info torch, List<Row> interleaved, List<Row> standalone,
      List<OpProfile.Entry> profile) {}

  private AttackBench() {}

  /**
   * Times the variants in {@code rounds} interleaved rounds of {@code stepsPerTurn} attacks each;
   * then, if {@code standaloneSteps > 0}, each variant alone for that many attacks. PyTorch runs
   * {@code torchThreads} intra-op threads.
   */
  public static Result run(Settings s, int warmup, int rounds, int stepsPerTurn, int standaloneSteps, long seed,
      boolean torch, int torchThreads, boolean profile, PrintWriter log) {
    Shape example = Shape.of(s.height(), s.width(), s.channels());
    Random rnd = new Random(seed);
    float[] x = new float[(int) (s.batch() * example.size())];
    for (int i = 0; i < x.length; i++) x[i] = rnd.nextFloat();
    int[] y = new int[s.batch()];
    for (int i = 0; i < y.length; i++) y[i] = i % 10;
    Pgd pgd = Pgd.linf(s.eps(), s.stepSize(), s.steps(), 1);
    TorchReference reference = null;
    try (Graph g = new Graph(); Session session = new Session(g)) {
      Ops tf = Ops.create(g);
      Model model = ResNetCifar.of(20, 10, ImageInput.unnormalised(s.height(), s.width(), s.channels()))
          .build(tf.withSubScope("model"), seed);
      AttackGraph ag = new AttackGraph(tf, model, example, AttackMode.INFERENCE, 10);
      long[] attackSeed = {seed};
      List<InterleavedTiming.Variant> variants = new ArrayList<>(List.of(
          new InterleavedTiming.Variant(ITERATIVE, () -> pgd.runIterative(ag, session, x, y, attackSeed[0]++)),
          new InterleavedTiming.Variant(FUSED, () -> pgd.run(ag, session, x, y, attackSeed[0]++))));
      String shape = s.height() + "x" + s.width() + "x" + s.channels();
      if (torch) {
        log.printf("starting PyTorch's ResNet-20 PGD (%s) ...%n", shape);
        log.flush();
        reference = TorchReference.start("resnet20_torch.py", List.of("--task", "pgd", "--batch", "" + s.batch(),
            "--height", "" + s.height(), "--width", "" + s.width(), "--channels", "" + s.channels(),
            "--eps", "" + s.eps(), "--step-size", "" + s.stepSize(), "--attack-steps", "" + s.steps(),
            "--warmup", "" + warmup, "--threads", "" + torchThreads));
        variants.add(new InterleavedTiming.Variant(TORCH, reference::step));
      }
      log.printf("%s (resnet20, %s, batch %d): %d warm-up attacks each, then %d rounds x %d attacks per variant,"
          + " interleaved%n", pgd.describe(), shape, s.batch(), warmup, rounds, stepsPerTurn);
      log.flush();
      Map<String, InterleavedTiming.Times> mixed = InterleavedTiming.run(variants, warmup, rounds, stepsPerTurn);
      List<Row> interleaved = rows(mixed, s.batch(), seed, true);
      List<Row> alone = List.of();
      if (standaloneSteps > 0) {
        log.printf("each variant alone: %d attacks each (the others idle)%n", standaloneSteps);
        log.flush();
        alone = rows(InterleavedTiming.standalone(variants, 1, standaloneSteps), s.batch(), seed, false);
      }
      List<OpProfile.Entry> kernels = profile ? profileIterate(ag, session, s, example, x, y) : List.of();
      return new Result(reference == null ? null : reference.info(), interleaved, alone, kernels);
    } finally {
      if (reference != null) reference.close();
    }
  }

  /**
   * The kernels of one PGD iterate's work (the attack graph's forward pass and input gradient,
   * inference mode), traced by TensorFlow after a warm-up run.
   */
  static List<OpProfile.Entry> profileIterate(AttackGraph ag, Session session, Settings s, Shape example, float[] x,
      int[] y) {
    try (TFloat32 xt = TFloat32.tensorOf(Shape.of(s.batch()).append(example), DataBuffers.of(x, true, false));
        TInt32 yt = TInt32.vectorOf(y)) {
      ag.runner(session, xt, yt, true).run().close();
      return OpProfile.of(ag.runner(session, xt, yt, true));
    }
  }

  /** One row per variant; ratios paired within rounds for interleaved times, unpaired otherwise. */
  static List<Row> rows(Map<String, InterleavedTiming.Times> times, int batch, long seed, boolean paired) {
    InterleavedTiming.Times torch = times.get(TORCH);
    InterleavedTiming.Times iterative = times.get(ITERATIVE);
    List<Row> out = new ArrayList<>();
    for (InterleavedTiming.Times t : new LinkedHashMap<>(times).values()) {
      double[] vsTorch = ratio(t, torch, paired, seed);
      double[] vsIterative = ratio(t, iterative, paired, seed);
      out.add(new Row(t.name(), t.median(), batch * 1000.0 / t.median(), vsTorch[0], vsTorch[1], vsIterative[0],
          vsIterative[1]));
    }
    return out;
  }

  /** {ratio, standard error} of {@code t} over {@code base}, NaNs without a base. */
  static double[] ratio(InterleavedTiming.Times t, InterleavedTiming.Times base, boolean paired, long seed) {
    if (base == null) return new double[] {Double.NaN, Double.NaN};
    return paired ? new double[] {t.pairedRatio(base), t.pairedRatioStandardError(base, 1000, seed)}
        : new double[] {t.unpairedRatio(base), t.unpairedRatioStandardError(base, 1000, seed)};
  }
}
