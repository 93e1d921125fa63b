package io.github.llr4j.examples.bench;

import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.hparam.Schedule;
import io.github.llr4j.core.hparam.TrainingClock;
import io.github.llr4j.core.nn.ModelSpec;
import io.github.llr4j.core.nn.models.SmallCnn;
import io.github.llr4j.core.optim.Sgd;
import io.github.llr4j.core.reshape.InitialLoss;
import io.github.llr4j.core.reshape.ReshapedObjective;
import io.github.llr4j.core.reshape.Reshapers;
import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.core.train.TrainerConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.ndarray.Shape;

/**
 * {@code llr4j bench reshape}: the cost of reshaping. One {@link Trainer} per objective (plain and
 * every catalogue function with its default coefficients, L0 fixed at ln 10, the initial
 * cross-entropy of 10 classes), all on the same model, seed and batch; their full training steps
 * (forward, reshape, gradients, momentum SGD, batch-norm updates, fetches) are timed interleaved.
 *
 * <p>The batch is synthetic (uniform pixels, labels i mod 10) and fed again every step, so input
 * loading is excluded and the ratio isolates the reshaping ops and their extra feeds.
 *
 * <p>Each ratio comes with its bootstrap standard error over rounds. A second plain trainer ({@link #CONTROL}, its own graph and session, identical to the first)
 * is timed with the others: its ratio to plain is pure measurement noise (session placement,
 * neighbouring load), so it shows how far apart two identical steps can land in this run.
 */
public final class ReshapeBench {

  /**
   * Median and quartiles of one objective's step time, and its ratio to plain: the median over
   * rounds of the per-round ratio of medians ({@link InterleavedTiming.Times#pairedRatio}).
   * {@code extraOps}: operations its training graph has beyond the plain one (a noise-free view of
   * what the reshaping adds: each is a scalar op of a few microseconds).
   */
  public record Row(String name, double medianMs, double p25Ms, double p75Ms, double ratio, double ratioSe,
      long extraOps) {}

  /** Name of the control row: a second, identical plain objective. */
  public static final String CONTROL = "plain-ctl";

  private ReshapeBench() {}

  /** The bench model: SmallCnn on 28x28x1 with 16/32 filters, 10 classes. */
  public static ModelSpec model() {
    return new SmallCnn(28, 28, 1, 16, 32, 10);
  }

  /**
   * Times every objective in {@code sessions} blocks of rounds; each block builds every trainer
   * afresh. Two identical graphs can differ by a few percent for the whole life of their sessions
   * (placement of buffers and threads), more than the reshaping ops cost, so the rounds of several
   * independent builds are pooled.
   */
  public static List<Row> run(List<String> functions, int batchSize, int warmup, int rounds,
      int stepsPerTurn, int sessions, long seed, java.io.PrintWriter log) {
    if (sessions < 1 || sessions > rounds)
      throw new IllegalArgumentException("sessions must be in [1, rounds = " + rounds + "], got " + sessions);
    Map<String, ReshapedObjective> objectives = new LinkedHashMap<>();
    objectives.put("plain", ReshapedObjective.plain());
    for (String f : functions) {
      objectives.put(f, ReshapedObjective.builder(Reshapers.create(f, Map.of()))
          .initialLoss(InitialLoss.fixed(Math.log(10))).build());
    }
    objectives.put(CONTROL, ReshapedObjective.plain());
    log.printf("timing %d objectives in %d fresh builds: %d warm-up steps each build, then %d rounds x %d steps"
        + " each in all, interleaved%n", objectives.size(), sessions, warmup, rounds, stepsPerTurn);
    log.flush();
    Map<String, List<InterleavedTiming.Times>> blocks = new LinkedHashMap<>();
    long[] extraOps = new long[objectives.size()];
    for (int b = 0; b < sessions; b++) {
      int blockRounds = rounds / sessions + (b < rounds % sessions ? 1 : 0);
      Map<String, InterleavedTiming.Times> times =
          timeOneBuild(objectives, batchSize, warmup, blockRounds, stepsPerTurn, seed, b == 0 ? extraOps : null);
      times.forEach((k, v) -> blocks.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    }
    InterleavedTiming.Times plain = InterleavedTiming.Times.concat(blocks.get("plain"));
    List<Row> rows = new ArrayList<>();
    int i = 0;
    for (List<InterleavedTiming.Times> parts : blocks.values()) {
      InterleavedTiming.Times t = InterleavedTiming.Times.concat(parts);
      rows.add(new Row(t.name(), t.median(), t.quantile(0.25), t.quantile(0.75), t.pairedRatio(plain),
          t.pairedRatioStandardError(plain, 1000, seed), extraOps[i++]));
    }
    return rows;
  }

  /** One build of every trainer, timed; fills {@code extraOps} (ops beyond plain) when non-null. */
  private static Map<String, InterleavedTiming.Times> timeOneBuild(Map<String, ReshapedObjective> objectives,
      int batchSize, int warmup, int rounds, int stepsPerTurn, long seed, long[] extraOps) {
    ArrayBatches data = syntheticBatch(batchSize, seed);
    List<Trainer> trainers = new ArrayList<>();
    List<InterleavedTiming.Variant> variants = new ArrayList<>();
    Iterator<Batch> it = data.epoch(0);
    try (Batch batch = it.next()) {
      for (Map.Entry<String, ReshapedObjective> e : objectives.entrySet()) {
        TrainerConfig cfg = TrainerConfig.builder(model(), Sgd.momentum(Schedule.constant(1e-3), 0.9, 5e-4))
            .objective(e.getValue()).seed(seed).epochs(1).logInterval(0).build();
        Trainer t = new Trainer(cfg, data, Map.of());
        trainers.add(t);
        long[] step = {0};
        variants.add(new InterleavedTiming.Variant(e.getKey(),
            () -> t.step(batch, TrainingClock.at(step[0]++, 1_000_000, 1))));
      }
      if (extraOps != null) {
        long plainOps = operations(trainers.get(0));
        for (int i = 0; i < trainers.size(); i++) extraOps[i] = operations(trainers.get(i)) - plainOps;
      }
      return InterleavedTiming.run(variants, warmup, rounds, stepsPerTurn);
    } finally {
      trainers.forEach(Trainer::close);
    }
  }

  private static long operations(Trainer t) {
    long n = 0;
    for (var it = t.graph().operations(); it.hasNext(); it.next()) n++;
    return n;
  }

  private static ArrayBatches syntheticBatch(int batchSize, long seed) {
    Random r = new Random(seed);
    float[] x = new float[batchSize * 28 * 28];
    for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
    int[] y = new int[batchSize];
    for (int i = 0; i < batchSize; i++) y[i] = i % 10;
    return ArrayBatches.ofFloats(x, Shape.of(28, 28, 1), y).batchSize(batchSize).seed(seed).prefetch(0).build();
  }
}
