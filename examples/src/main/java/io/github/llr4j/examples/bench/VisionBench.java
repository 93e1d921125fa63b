package io.github.llr4j.examples.bench;

import io.github.llr4j.core.data.Batches;
import io.github.llr4j.core.hparam.Schedule;
import io.github.llr4j.core.nn.ModelSpec;
import io.github.llr4j.core.optim.Sgd;
import io.github.llr4j.core.precision.Precision;
import io.github.llr4j.core.reshape.InitialLoss;
import io.github.llr4j.core.reshape.ReshapedObjective;
import io.github.llr4j.core.reshape.Reshapers;
import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.core.train.TrainerConfig;
import io.github.llr4j.vision.augment.Augmentation;
import io.github.llr4j.vision.data.ChannelStats;
import io.github.llr4j.vision.data.ImageBatches;
import io.github.llr4j.vision.data.ImageDataset;
import io.github.llr4j.vision.models.VisionModels;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.tensorflow.ndarray.Shape;

/**
 * {@code llr4j bench vision}: the library's whole training step for a vision model (input
 * pipeline with crop + flip augmentation on the prefetch thread, forward, loss, reshaping,
 * gradients, momentum SGD, batch-norm updates, fetches), plain vs sech, interleaved. The data are
 * random images of the benchmarked shape, so no data set is needed; the time a step waited for its
 * batch is the input-pipeline share.
 */
public final class VisionBench {

  /**
   * One measured configuration; ratioToPlain (to plain in the same precision) and ratioToFirst (to
   * the same objective in the first precision asked for, 1 for that one) with their bootstrap
   * standard errors over rounds.
   */
  public record Row(String shape, String objective, Precision precision, double medianMs, double imagesPerSecond,
      double inputShare, double ratioToPlain, double ratioSe, double ratioToFirst, double ratioToFirstSe) {}

  /**
   * PyTorch's ResNet-20 timed in the same rounds: its median ms/step and llr4j plain / PyTorch
   * (median over rounds of the per-round ratio) with its standard error.
   */
  public record TorchComparison(TorchReference.Info info, double medianMs, double llr4jOverTorch, double se) {}

  /** The rows (plain, sech per precision) and, when PyTorch took part, the comparison. */
  public record Result(List<Row> rows, TorchComparison torch) {}

  private VisionBench() {}

  /**
   * Times plain and sech in each of {@code precisions} (and, with {@code torch}, PyTorch's ResNet-20
   * on the same batch shape) in interleaved rounds; every variant has its own trainer and session.
   */
  public static Result run(String model, int height, int width, int channels, int batchSize, int warmup,
      int rounds, int stepsPerTurn, long seed, boolean torch, List<Precision> precisions, PrintWriter log) {
    if (precisions == null || precisions.isEmpty()) throw new IllegalArgumentException("precisions must not be empty");
    ImageDataset data = randomImages(Math.max(8 * batchSize, 1024), height, width, channels, seed);
    ModelSpec spec = VisionModels.byName(model, 10, Shape.of(height, width, channels), ChannelStats.of(data));
    Map<String, ReshapedObjective> objectives = Map.of(
        "plain", ReshapedObjective.plain(),
        "sech", ReshapedObjective.builder(Reshapers.sech(2.5, 0.15)).initialLoss(InitialLoss.fixed(Math.log(10))).build());
    List<Trainer> trainers = new ArrayList<>();
    List<TrainerFeed> feeds = new ArrayList<>();
    List<InterleavedTiming.Variant> variants = new ArrayList<>();
    List<Precision> precisionOf = new ArrayList<>();
    List<String> objectiveOf = new ArrayList<>();
    TorchReference reference = null;
    try {
      for (Precision p : precisions) {
        for (String name : List.of("plain", "sech")) {
          TrainerConfig cfg = TrainerConfig.builder(spec, Sgd.momentum(Schedule.constant(0.01), 0.9, 5e-4))
              .objective(objectives.get(name)).seed(seed).epochs(1).logInterval(0).precision(p).build();
          Batches b = ImageBatches.builder(data, new Augmentation(4, true, 0, 0)).batchSize(batchSize).seed(seed).build();
          Trainer t = new Trainer(cfg, b, Map.of());
          trainers.add(t);
          TrainerFeed f = new TrainerFeed(t, b);
          feeds.add(f);
          variants.add(new InterleavedTiming.Variant(variantName(name, p), f::step));
          precisionOf.add(p);
          objectiveOf.add(name);
        }
      }
      String shape = height + "x" + width + "x" + channels;
      if (torch) {
        log.printf("starting PyTorch's ResNet-20 (%s) ...%n", shape);
        log.flush();
        reference = TorchReference.start(batchSize, height, width, channels, warmup);
        variants.add(new InterleavedTiming.Variant("pytorch", reference::step));
      }
      log.printf("%s %s, batch %d: %d warm-up steps, then %d rounds x %d steps per variant, interleaved%n",
          model, shape, batchSize, warmup, rounds, stepsPerTurn);
      log.flush();
      Map<String, InterleavedTiming.Times> times = InterleavedTiming.run(variants, warmup, rounds, stepsPerTurn,
          () -> feeds.forEach(TrainerFeed::resetAccounting));
      Precision first = precisions.get(0);
      InterleavedTiming.Times plain = times.get(variantName("plain", first));
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < feeds.size(); i++) {
        InterleavedTiming.Times t = times.get(variants.get(i).name());
        Precision p = precisionOf.get(i);
        String objective = objectiveOf.get(i);
        InterleavedTiming.Times samePlain = times.get(variantName("plain", p));
        InterleavedTiming.Times sameFirst = times.get(variantName(objective, first));
        TrainerFeed f = feeds.get(i);
        rows.add(new Row(shape, objective, p, t.median(), batchSize * 1000.0 / t.median(),
            (double) f.waitNanos / f.totalNanos, t.pairedRatio(samePlain), t.pairedRatioStandardError(samePlain, 1000, seed),
            t.pairedRatio(sameFirst), t.pairedRatioStandardError(sameFirst, 1000, seed)));
      }
      TorchComparison cmp = null;
      if (reference != null) {
        InterleavedTiming.Times t = times.get("pytorch");
        cmp = new TorchComparison(reference.info(), t.median(), plain.pairedRatio(t),
            plain.pairedRatioStandardError(t, 1000, seed));
      }
      return new Result(rows, cmp);
    } finally {
      trainers.forEach(Trainer::close);
      if (reference != null) reference.close();
    }
  }

  /** A variant's name: objective and precision, e.g. {@code plain/bf16}. */
  private static String variantName(String objective, Precision p) {
    return objective + "/" + p.label();
  }

  /** {@code n} images of uniform random pixels, labels cycling through 10 classes. */
  static ImageDataset randomImages(int n, int h, int w, int c, long seed) {
    Random r = new Random(seed);
    float[] px = new float[n * h * w * c];
    for (int i = 0; i < px.length; i++) px[i] = r.nextFloat();
    int[] labels = IntStream.range(0, n).map(i -> i % 10).toArray();
    return new ImageDataset(px, labels, h, w, c, IntStream.range(0, 10).mapToObj(Integer::toString).toList());
  }
}
