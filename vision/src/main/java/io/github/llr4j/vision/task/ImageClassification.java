package io.github.llr4j.vision.task;

import io.github.llr4j.core.data.Batches;
import io.github.llr4j.core.nn.ModelSpec;
import io.github.llr4j.core.run.RunCard;
import io.github.llr4j.core.task.PreparedRun;
import io.github.llr4j.core.task.RunPlan;
import io.github.llr4j.core.task.TrainingRun;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.tensorflow.ndarray.Shape;

/**
 * Image-classification runs: loads a data set of {@link Datasets}, holds out a stratified
 * validation split, computes the per-channel statistics on the training part (the model
 * normalises inside its graph), serves augmented training batches and plain evaluation batches,
 * and trains through the core {@link TrainingRun} skeleton.
 */
public final class ImageClassification {

  /** The loaded splits; {@code val} is null without a validation split. */
  public record Data(ImageDataset train, ImageDataset val, ImageDataset test, ChannelStats stats) {
    public Shape exampleShape() {
      return Shape.of(train.height(), train.width(), train.channels());
    }
  }

  /**
   * Adds task-specific pieces to a run's configuration once its data are loaded (the adversarial
   * task's input hook, loss, robust validation and selection rule; flatness tracking).
   */
  @FunctionalInterface
  public interface Customizer {
    void apply(Data data, TrainerConfig.Builder builder);
  }

  private ImageClassification() {}

  public static Data load(ImageSettings s) {
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

  public static ModelSpec model(ImageSettings s, Data d) {
    return VisionModels.byName(s.model(), d.train().numClasses(), d.exampleShape(), d.stats());
  }

  /** The reference recipe's augmentation: crop with zero padding (4 pixels by default), flip, Cutout on request. */
  public static Augmentation augmentation(ImageSettings s, Data d) {
    if (!s.augment()) return null;
    boolean flip = !s.dataset().equals("mnist");
    int side = Math.min(d.train().height(), d.train().width());
    int cutout = s.cutout() ? Math.max(1, side / 2) : 0;
    return new Augmentation(s.cropPad(), flip, cutout, s.cutout() ? 0.5 : 0);
  }

  public static Batches trainBatches(ImageSettings s, Data d) {
    return ImageBatches.builder(d.train(), augmentation(s, d)).batchSize(s.batchSize()).seed(s.seed()).build();
  }

  /** Evaluation sets by name ({@code val} when held out, {@code test}), unshuffled, not augmented. */
  public static Map<String, Batches> evaluation(ImageSettings s, Data d) {
    Map<String, Batches> m = new LinkedHashMap<>();
    int eb = Math.max(s.batchSize(), 256);
    if (d.val() != null) m.put("val", ImageBatches.evaluation(d.val(), eb));
    m.put("test", ImageBatches.evaluation(d.test(), eb));
    return m;
  }

  /**
   * The data identity of a run (stored in the manifest, part of the configuration hash): a resume
   * with another data set, path, sample or batching is refused naming the differing fields.
   */
  static void dataIdentity(ImageSettings s, TrainerConfig.Builder b) {
    b.data("dataset", s.dataset())
        .data("data_path", s.dataDir() == null ? null : s.dataDir().toAbsolutePath().normalize().toString())
        .data("limit_train", s.limitTrain()).data("limit_test", s.limitTest()).data("batch_size", s.batchSize())
        .data("val_fraction", s.valFraction()).data("augment", s.augment()).data("cutout", s.cutout())
        .data("crop_pad", s.cropPad());
  }

  /**
   * Loads the data, builds the model once and trains it with {@link TrainingRun}; {@code
   * customizer} (may be null) adds task pieces to the configuration, {@code log} gets the banner.
   */
  public static Trainer.Result train(ImageSettings s, RunPlan plan, Customizer customizer, PrintWriter log) {
    return TrainingRun.run(plan, folder -> prepare(s, plan, customizer, log));
  }

  private static PreparedRun prepare(ImageSettings s, RunPlan plan, Customizer customizer, PrintWriter log) {
    Data d = load(s);
    ModelSpec spec = model(s, d);
    Batches train = trainBatches(s, d);
    Map<String, Batches> evaluation = evaluation(s, d);
    return new PreparedRun() {
      @Override public ModelSpec model() { return spec; }
      @Override public Batches train() { return train; }
      @Override public Map<String, Batches> evaluation() { return evaluation; }
      @Override public long seed() { return s.seed(); }

      @Override
      public RunCard card() {
        RunCard card = ImageRunCard.of(s, d);
        if (!spec.describe().isEmpty()) card.values().put("model_settings", spec.describe());
        return card;
      }

      @Override
      public void configure(TrainerConfig.Builder builder) {
        dataIdentity(s, builder);
        if (customizer != null) customizer.apply(d, builder);
      }

      @Override
      public void started(Trainer t) {
        // the banner counts the trainer's own model: building the spec again only to count costs a second build
        log.printf("%s: %d train / %s val / %d test examples of %dx%dx%d, %d classes; %s with %,d parameters%n",
            s.dataset(), d.train().size(), d.val() == null ? "no" : String.valueOf(d.val().size()), d.test().size(),
            d.train().height(), d.train().width(), d.train().channels(), d.train().numClasses(), s.model(),
            t.model().parameterCount());
        if (!spec.describe().isEmpty()) log.printf("model settings: %s%n", spec.describe());
        log.printf("objective: %s; output: %s%n", plan.objective().describe(), plan.out());
        log.flush();
      }
    };
  }
}
