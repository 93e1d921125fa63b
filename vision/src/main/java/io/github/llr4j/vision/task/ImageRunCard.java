package io.github.llr4j.vision.task;

import io.github.llr4j.core.nn.ModelSpec;
import io.github.llr4j.core.run.RunCard;
import io.github.llr4j.vision.data.ChannelStats;
import io.github.llr4j.vision.data.Datasets;
import io.github.llr4j.vision.data.ImageDataset;
import io.github.llr4j.vision.models.VisionModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * The run card ({@code model.json}) of an image-classification run: written by {@link
 * ImageClassification}, read back to rebuild the model and reload the run's data set for
 * prediction, attacks and landscape analysis.
 */
public final class ImageRunCard {

  /** Largest image side a run card may declare (pixels). */
  static final int MAX_SIDE = 4096;

  private ImageRunCard() {}

  /** The card of a run on {@code d}: enough to rebuild the model for prediction and attacks. */
  public static RunCard of(ImageSettings s, ImageClassification.Data d) {
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
      return limit > 0 ? ImageClassification.sample(set, limit, seed) : set;
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

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
