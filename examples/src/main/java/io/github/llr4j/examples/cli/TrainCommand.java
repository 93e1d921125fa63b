package io.github.llr4j.examples.cli;

import io.github.llr4j.examples.tasks.VisionTask;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llr4j train}: one training run with the core Trainer, plain or reshaped, written to an
 * output folder (metrics.jsonl, summary.json, manifest.json, model.json, checkpoint/).
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Train a model, plain or on a reshaped loss.",
        "vision defaults (spec section 7): momentum SGD 0.9, lr 0.1, cosine per epoch, weight decay 5e-4,",
        "batch 128, random crop (pad 4) + horizontal flip (not for mnist); --cutout adds Cutout."})
public final class TrainCommand implements Callable<Integer> {

  static final OptimizerOptions.Defaults VISION = new OptimizerOptions.Defaults("sgd", 0.1, 5e-4, "cosine");

  @Spec CommandSpec spec;

  @Option(names = "--task", defaultValue = "vision",
      description = "vision (default) or adversarial (vision data and models, PGD-AT or TRADES training)")
  String task;

  @Mixin AdversarialOptions adversarialOptions;

  @Option(names = "--dataset", defaultValue = "fashion-mnist",
      description = "fashion-mnist (default), mnist, cifar10, cifar100, folder")
  String dataset;

  @Option(names = "--data", paramLabel = "DIR", description = "data set folder (fashion-mnist: Debian's by default)")
  Path data;

  @Option(names = "--model", defaultValue = "resnet20",
      description = "resnet20/32/56/110, preact_resnet18, wrn16_4, wrn28_10, vgg11/16, mobilenetv2[_W] (default resnet20)")
  String model;

  @Option(names = "--epochs", required = true, description = "epochs to train")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "128", description = "batch size (default 128)")
  int batchSize;

  @Option(names = "--seed", defaultValue = "1", description = "seed of weights, data order, split and augmentation")
  long seed;

  @Option(names = "--val-fraction", defaultValue = "0.1",
      description = "held-out validation fraction of the training set, stratified (default 0.1; 0 = none)")
  double valFraction;

  @Option(names = "--limit-train", defaultValue = "0", description = "use N random training examples (0 = all)")
  int limitTrain;

  @Option(names = "--limit-test", defaultValue = "0", description = "use N random test examples (0 = all)")
  int limitTest;

  @Option(names = "--no-augment", description = "no crop/flip augmentation")
  boolean noAugment;

  @Option(names = "--cutout", description = "add Cutout (half the image side, p = 0.5)")
  boolean cutout;

  @Option(names = "--crop-pad", defaultValue = "4", description = "random-crop padding in pixels (default 4)")
  int cropPad;

  @Mixin ReshapeOptions reshape;

  @Mixin OptimizerOptions optimizer;

  @Option(names = "--out", paramLabel = "DIR",
      description = "output folder (default runs/<dataset>-<model>-<reshape>-s<seed>)")
  Path out;

  @Option(names = "--resume", description = "continue the run in --out from its last checkpoint")
  boolean resume;

  @Option(names = "--max-steps", defaultValue = "0", description = "stop after N steps in total (0 = no limit)")
  long maxSteps;

  @Option(names = "--log-every", defaultValue = "50",
      description = "progress line every N steps when not on a terminal (default 50; 0 = quiet)")
  int logEvery;

  @Override
  public Integer call() {
    if (!task.equals("vision") && !task.equals("adversarial"))
      throw new IllegalArgumentException("--task must be vision or adversarial, got '" + task + "'");
    boolean adversarial = task.equals("adversarial");
    adversarialOptions.validate(adversarial);
    VisionTask.Settings settings = new VisionTask.Settings(dataset, data, model, batchSize, seed, valFraction,
        limitTrain, limitTest, !noAugment, cutout, cropPad);
    Path dir = out != null ? out : Path.of("runs", dataset + "-" + model + "-" + reshape.reshape
        + (adversarial ? "-" + adversarialOptions.tag() : "") + "-s" + seed);
    VisionTask.train(settings, new VisionTask.RunPlan(reshape.objective(epochs),
        n -> optimizer.optimizer(VISION, n, epochs), epochs, dir, resume, maxSteps, logEvery,
        adversarial ? adversarialOptions.customizer(dataset, seed) : null),
        spec.commandLine().getOut());
    return 0;
  }
}
