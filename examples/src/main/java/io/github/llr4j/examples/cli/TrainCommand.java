package io.github.llr4j.examples.cli;

import io.github.llr4j.adversarial.attack.Box;
import io.github.llr4j.adversarial.train.PgdTraining;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.optim.Optimizer;
import io.github.llr4j.core.optim.Sam;
import io.github.llr4j.core.train.FlatnessTracking;
import io.github.llr4j.core.train.TrainingInputHook;
import io.github.llr4j.examples.tasks.VisionTask;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
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
      description = "vision (default) or adversarial (vision data and models, PGD adversarial training)")
  String task;

  @Option(names = "--method", defaultValue = "pgd-at", description = "adversarial: pgd-at (default; TRADES is not implemented)")
  String method;

  @Option(names = "--eps", description = "adversarial: Linf radius in pixel units (default 0.1 for 28x28 grey, 8/255 otherwise)")
  Double eps;

  @Option(names = "--step-size", description = "adversarial: PGD step (default 0.01 for 28x28 grey, 2/255 otherwise)")
  Double stepSize;

  @Option(names = "--steps", description = "adversarial: PGD steps per training batch (default 10)")
  Integer steps;

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

  @Option(names = "--sam", paramLabel = "RHO", description = "wrap the optimizer in SAM with radius RHO (spec: 0.1 for 10 classes)")
  Double samRho;

  @Option(names = "--asam", description = "with --sam: adaptive SAM (ASAM, T = |w| + 0.01)")
  boolean asam;

  @Option(names = "--sam-interval", defaultValue = "1", description = "with --sam: the SAM step every K steps (default 1)")
  int samInterval;

  @Option(names = "--track-flatness", paramLabel = "N", defaultValue = "0",
      description = "record lambda_max, Hessian trace and 1-D sharpness into metrics.jsonl every N epochs (0 = off)")
  int trackFlatness;

  @Option(names = "--log-every", defaultValue = "50",
      description = "progress line every N steps when not on a terminal (default 50; 0 = quiet)")
  int logEvery;

  @Override
  public Integer call() {
    if (!task.equals("vision") && !task.equals("adversarial"))
      throw new IllegalArgumentException("--task must be vision or adversarial, got '" + task + "'");
    if (!task.equals("adversarial") && (eps != null || stepSize != null || steps != null))
      throw new IllegalArgumentException("--eps, --step-size and --steps need --task adversarial");
    if (task.equals("adversarial") && !method.equals("pgd-at"))
      throw new IllegalArgumentException("--method must be pgd-at (TRADES is not implemented), got '" + method + "'");
    VisionTask.Settings settings = new VisionTask.Settings(dataset, data, model, batchSize, seed, valFraction,
        limitTrain, limitTest, !noAugment, cutout, cropPad);
    boolean adversarial = task.equals("adversarial");
    Path dir = out != null ? out : Path.of("runs", dataset + "-" + model + "-" + reshape.reshape
        + (adversarial ? "-pgdat" : "") + "-s" + seed);
    // spec section 8: 28x28 grey data sets use eps 0.1 / step 0.01, CIFAR-scale ones 8/255 / 2/255
    boolean grey28 = dataset.equals("fashion-mnist") || dataset.equals("mnist");
    IntFunction<TrainingInputHook> hook = !adversarial ? null : classes -> new PgdTraining(
        Hyperparameter.constant(eps != null ? eps : grey28 ? 0.1 : 8 / 255.0),
        Hyperparameter.constant(stepSize != null ? stepSize : grey28 ? 0.01 : 2 / 255.0),
        steps != null ? steps : 10, classes, seed, Box.UNIT);
    if (samRho == null && (asam || samInterval != 1))
      throw new IllegalArgumentException("--asam and --sam-interval need --sam RHO");
    if (trackFlatness < 0) throw new IllegalArgumentException("--track-flatness must be >= 0, got " + trackFlatness);
    VisionTask.train(settings, new VisionTask.RunPlan(reshape.objective(epochs),
        n -> {
          Optimizer base = optimizer.optimizer(VISION, n, epochs);
          return samRho == null ? base
              : new Sam(base, Hyperparameter.constant(samRho), asam, 0.01, samInterval);
        }, epochs, dir, resume, maxSteps, logEvery, hook,
        trackFlatness == 0 ? null : FlatnessTracking.every(trackFlatness)),
        spec.commandLine().getOut());
    return 0;
  }
}
