package io.github.llr4j.vision.task;

import io.github.llr4j.core.check.Require;
import java.nio.file.Path;

/**
 * What an image-classification run trains on and how it is fed. The messages name the command
 * line options the values come from. Build with {@link #builder(String)}.
 *
 * @param dataset a data set name of {@link io.github.llr4j.vision.data.Datasets}
 * @param dataDir its folder (null: the data set's default)
 * @param model a model name of {@link io.github.llr4j.vision.models.VisionModels}
 * @param batchSize training batch size
 * @param seed seed of the split, the sample, the order and the augmentation
 * @param valFraction stratified validation fraction of the training set (0 = none)
 * @param limitTrain train on this many random examples (0 = all)
 * @param limitTest test on this many random examples (0 = all)
 * @param augment random crop and flip
 * @param cutout Cutout (half the image side, p = 0.5)
 * @param cropPad random-crop padding in pixels
 */
public record ImageSettings(String dataset, Path dataDir, String model, int batchSize, long seed,
    double valFraction, int limitTrain, int limitTest, boolean augment, boolean cutout, int cropPad) {

  public ImageSettings {
    Require.notNull("--dataset", dataset);
    Require.notNull("--model", model);
    Require.that(cropPad >= 0, "--crop-pad", "be >= 0", cropPad);
    Require.that(batchSize >= 1, "--batch-size", "be >= 1", batchSize);
    Require.that(valFraction >= 0 && valFraction < 1, "--val-fraction", "be in [0, 1)", valFraction);
    Require.that(limitTrain >= 0 && limitTest >= 0, "--limit-train and --limit-test", "be >= 0 (0 = all)",
        limitTrain + " and " + limitTest);
  }

  /**
   * Settings for {@code dataset} with the reference recipe's defaults: resnet20, batch 128, seed 1,
   * 10% validation, all examples, crop (pad 4) and flip, no Cutout.
   */
  public static Builder builder(String dataset) {
    return new Builder(dataset);
  }

  /** Builds {@link ImageSettings}; the record checks the values. */
  public static final class Builder {
    private final String dataset;
    private Path dataDir;
    private String model = "resnet20";
    private int batchSize = 128;
    private long seed = 1;
    private double valFraction = 0.1;
    private int limitTrain;
    private int limitTest;
    private boolean augment = true;
    private boolean cutout;
    private int cropPad = 4;

    private Builder(String dataset) {
      this.dataset = dataset;
    }

    public Builder dataDir(Path v) { dataDir = v; return this; }
    public Builder model(String v) { model = v; return this; }
    public Builder batchSize(int v) { batchSize = v; return this; }
    public Builder seed(long v) { seed = v; return this; }
    public Builder valFraction(double v) { valFraction = v; return this; }
    public Builder limitTrain(int v) { limitTrain = v; return this; }
    public Builder limitTest(int v) { limitTest = v; return this; }
    public Builder augment(boolean v) { augment = v; return this; }
    public Builder cutout(boolean v) { cutout = v; return this; }
    public Builder cropPad(int v) { cropPad = v; return this; }

    public ImageSettings build() {
      return new ImageSettings(dataset, dataDir, model, batchSize, seed, valFraction, limitTrain, limitTest, augment,
          cutout, cropPad);
    }
  }
}
