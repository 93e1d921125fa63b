package io.github.llr4j.examples.tasks;

import io.github.llr4j.core.run.RunCard;
import io.github.llr4j.core.data.Batches;
import io.github.llr4j.core.nn.ModelSpec;
import io.github.llr4j.core.optim.Optimizer;
import io.github.llr4j.core.reshape.ReshapedObjective;
import io.github.llr4j.core.run.RunFolder;
import io.github.llr4j.core.train.FlatnessTracking;
import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.core.train.TrainerConfig;
import io.github.llr4j.vision.augment.Augmentation;
import io.github.llr4j.vision.data.ChannelStats;
import io.github.llr4j.vision.data.Datasets;
import io.github.llr4j.vision.data.ImageBatches;
import io.github.llr4j.vision.data.ImageDataset;
import io.github.llr4j.vision.data.Split;
import io.github.llr4j.vision.models.VisionModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.LongFunction;
import org.tensorflow.ndarray.Shape;

/**
 * Image classification runs: loads a data set of {@link Datasets}, holds out a stratified
 * validation split, computes the per-channel statistics on the training part (the model
 * normalises inside its graph), and serves augmented training batches and plain evaluation
 * batches.
 */
public final class VisionTask {

  /** What to train on and how to feed it. */
  public record Settings(String dataset, Path dataDir, String model, int batchSize, long seed,
      double valFraction, int limitTrain, int limitTest, boolean augment, boolean cutout, int cropPad) {
    public Settings {
      if (cropPad < 0) throw new IllegalArgumentException("--crop-pad must be >= 0, got " + cropPad);
      if (batchSize < 1) throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
      if (!(valFraction >= 0 && valFraction < 1))
        throw new IllegalArgumentException("--val-fraction must be in [0, 1), got " + valFraction);
      if (limitTrain < 0 || limitTest < 0)
        throw new IllegalArgumentException("--limit-train and --limit-test must be >= 0 (0 = all), got "
            + limitTrain + " and " + limitTest);
    }
  }

  /** The loaded splits; {@code val} is null without a validation split. */
  public record Data(ImageDataset train, ImageDataset val, ImageDataset test, ChannelStats stats) {
    public Shape exampleShape() {
      return Shape.of(train.height(), train.width(), train.channels());
    }
  }

  private VisionTask() {}

  public static Data load(Settings s) {
    ImageDataset train, test;
    try {
      train = Datasets.load(s.dataset(), s.dataDir(), true);
      test = Datasets.loadTest(s.dataset(), s.dataDir(), train);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    ImageDataset val = null;
    if (s.valFraction() > 0) {
      Split split = Split.stratified(train, s.valFraction(), s.seed());
      train = split.train();
      val = split.validation();
    }
    if (s.limitTrain() > 0) train = sample(train, s.limitTrain(), s.seed());
    if (s.limitTest() > 0) test = sample(test, s.limitTest(), s.seed());
    return new Data(train, val, test, ChannelStats.of(train));
  }

  /** {@code n} examples drawn without replacement (seeded), kept in their original order. */
  static ImageDataset sample(ImageDataset d, int n, long seed) {
    if (n >= d.size()) return d;
    int[] idx = new int[d.size()];
    for (int i = 0; i < idx.length; i++) idx[i] = i;
    Random r = new Random(seed ^ 0x5EEDL);
    for (int i = idx.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    int[] pick = Arrays.copyOf(idx, n);
    Arrays.sort(pick);
    return d.subset(pick);
  }

  public static ModelSpec model(Settings s, Data d) {
    return VisionModels.byName(s.model(), d.train().numClasses(), d.exampleShape(), d.stats());
  }

  /** The reference recipe's augmentation: crop with zero padding (4 pixels by default), flip, Cutout on request. */
  public static Augmentation augmentation(Settings s, Data d) {
    if (!s.augment()) return null;
    boolean flip = !s.dataset().equals("mnist");
    int side = Math.min(d.train().height(), d.train().width());
    int cutout = s.cutout() ? Math.max(1, side / 2) : 0;
    return new Augmentation(s.cropPad(), flip, cutout, s.cutout() ? 0.5 : 0);
  }

  public static Batches trainBatches(Settings s, Data d) {
    return ImageBatches.builder(d.train(), augmentation(s, d)).batchSize(s.batchSize()).seed(s.seed()).build();
  }

  /** Evaluation sets by name ({@code val} when held out, {@code test}), unshuffled, not augmented. */
  public static Map<String, Batches> evaluation(Settings s, Data d) {
    Map<String, Batches> m = new LinkedHashMap<>();
    int eb = Math.max(s.batchSize(), 256);
    if (d.val() != null) m.put("val", ImageBatches.evaluation(d.val(), eb));
    m.put("test", ImageBatches.evaluation(d.test(), eb));
    return m;
  }

  /** The run card: enough to rebuild the model for prediction and attacks. */
  public static RunCard card(Settings s, Data d) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("task", "vision");
    v.put("dataset", s.dataset());
    v.put("data_dir", s.dataDir() == null ? null : s.dataDir().toAbsolutePath().toString());
    v.put("model", s.model());
    v.put("height", d.train().height());
    v.put("width", d.train().width());
    v.put("channels", d.train().channels());
    v.put("classes", d.train().classNames());
    v.put("mean", d.stats().mean());
    v.put("std", d.stats().std());
    return new RunCard(v);
  }

  /** How one run is trained and where it goes, beside the data {@link Settings}. */
  public record RunPlan(ReshapedObjective objective, LongFunction<Optimizer> optimizerForStepsPerEpoch,
      int epochs, Path out, boolean resume, long maxSteps, int logEvery, Customizer customizer) {}

  /**
   * Adds task-specific pieces to a run's configuration once its data are loaded (the adversarial
   * task's input hook, loss, robust validation and selection rule); null for plain training.
   */
  @FunctionalInterface
  public interface Customizer {
    void apply(Data data, TrainerConfig.Builder builder);
  }

  /**
   * The data identity of a run (stored in the manifest, part of the configuration hash): a resume
   * with another data set, path, sample or batching is refused naming the differing fields.
   */
  static void dataIdentity(Settings s, TrainerConfig.Builder b) {
    b.data("dataset", s.dataset())
        .data("data_path", s.dataDir() == null ? null : s.dataDir().toAbsolutePath().normalize().toString())
        .data("limit_train", s.limitTrain()).data("limit_test", s.limitTest()).data("batch_size", s.batchSize())
        .data("val_fraction", s.valFraction()).data("augment", s.augment()).data("cutout", s.cutout())
        .data("crop_pad", s.cropPad());
  }

  /**
   * Loads the data, builds the model, trains with the core Trainer and returns its result. Order:
   * lock the folder and check it, build the trainer (which validates a resume against the
   * checkpoint), and only then write {@code model.json}, so a refused resume changes nothing.
   */
  public static Trainer.Result train(Settings s, RunPlan plan, PrintWriter w) {
    try (RunFolder folder = RunFolder.open(plan.out())) {
      folder.checkUsable(plan.resume());
      return train(s, plan, w, folder);
    }
  }

  private static Trainer.Result train(Settings s, RunPlan plan, PrintWriter w, RunFolder folder) {
    Data d = load(s);
    ModelSpec spec = model(s, d);
    Batches train = trainBatches(s, d);
    TrainerConfig.Builder builder = TrainerConfig.builder(spec, plan.optimizerForStepsPerEpoch().apply(train.batchesPerEpoch()))
        .objective(plan.objective()).epochs(plan.epochs()).seed(s.seed()).outputDir(plan.out())
        .resume(plan.resume()).maxSteps(plan.maxSteps()).logInterval(plan.logEvery());
    dataIdentity(s, builder);
    if (plan.customizer() != null) plan.customizer().apply(d, builder);
    TrainerConfig config = builder.build();
    RunCard card = card(s, d);
    if (!spec.describe().isEmpty()) card.values().put("model_settings", spec.describe());
    Trainer.Result r;
    try (Trainer t = new Trainer(config, train, evaluation(s, d))) {
      // the banner counts the trainer's own model: building the spec again only to count costs a second build
      w.printf("%s: %d train / %s val / %d test examples of %dx%dx%d, %d classes; %s with %,d parameters%n",
          s.dataset(), d.train().size(), d.val() == null ? "no" : String.valueOf(d.val().size()), d.test().size(),
          d.train().height(), d.train().width(), d.train().channels(), d.train().numClasses(), s.model(),
          t.model().parameterCount());
      if (!spec.describe().isEmpty()) w.printf("model settings: %s%n", spec.describe());
      w.printf("objective: %s; output: %s%n", plan.objective().describe(), plan.out());
      w.flush();
      if (plan.resume()) card.requireSameAs(folder);
      card.write(folder);
      r = t.fit();
    }
    RunOutput.printResult(w, r, plan.out());
    return r;
  }

  /** The test split of the data set a run card names ({@code dataDir} overrides the card's folder). */
  public static ImageDataset testSet(RunCard card, Path dataDir, int limit, long seed) {
    return split(card, dataDir, false, limit, seed);
  }

  /**
   * {@code limit} training examples (seeded sample, 0 = all) of the data set a run card names; the
   * whole training file, so it may include the run's validation part.
   */
  public static ImageDataset trainSample(RunCard card, Path dataDir, int limit, long seed) {
    return split(card, dataDir, true, limit, seed);
  }

  /** The training or test file of the run card's data set, sampled to {@code limit} (0 = all). */
  private static ImageDataset split(RunCard card, Path dataDir, boolean train, int limit, long seed) {
    Object saved = card.values().get("data_dir");
    Path dir = dataDir != null ? dataDir : saved instanceof String p ? Path.of(p) : null;
    try {
      ImageDataset set = Datasets.load(card.string("dataset"), dir, train, card.strings("classes"));
      return limit > 0 ? sample(set, limit, seed) : set;
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  /** Largest image side a run card may declare (pixels). */
  static final int MAX_SIDE = 4096;

  /** The example shape {@code [height, width, channels]} a run card declares, validated. */
  public static Shape inputShape(RunCard card) {
    return Shape.of(card.integer("height", 1, MAX_SIDE), card.integer("width", 1, MAX_SIDE),
        card.integer("channels", 1, 4));
  }

  /** The model a run card describes. */
  public static ModelSpec model(RunCard card) {
    return VisionModels.byName(card.string("model"), card.strings("classes").size(), inputShape(card),
        new ChannelStats(card.doubles("mean"), card.doubles("std")));
  }
}
