package io.github.llr4j.examples.cli;

import io.github.llr4j.core.dist.Replica;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.optim.GlobalNormClip;
import io.github.llr4j.core.optim.Optimizer;
import io.github.llr4j.nlp.model.FineTuning;
import io.github.llr4j.nlp.pretrained.PretrainedSource;
import io.github.llr4j.nlp.task.TextClassification;
import io.github.llr4j.nlp.task.TextSettings;
import io.github.llr4j.core.optim.Sam;
import io.github.llr4j.core.task.RunPlan;
import io.github.llr4j.core.train.FlatnessTracking;
import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.vision.task.ImageClassification;
import io.github.llr4j.vision.task.ImageSettings;
import java.io.PrintWriter;
import io.github.llr4j.core.diag.traj.TrajectoryTracking;
import io.github.llr4j.core.train.tensorboard.TensorBoard;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import io.github.llr4j.core.train.TrainerConfig;
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
        "batch 128, random crop (pad 4) + horizontal flip (not for mnist); --cutout adds Cutout.",
        "text defaults: AdamW, lr 1e-3 from scratch (5e-5 from --init or a pretrained --model), weight decay 0.01,",
        "10%% linear warm-up then linear decay, batch 32, max length 128, model tiny with mean pooling."})
public final class TrainCommand implements Callable<Integer> {

  static final OptimizerOptions.Defaults VISION = new OptimizerOptions.Defaults("sgd", 0.1, 5e-4, "cosine");
  /** Text from scratch: AdamW 1e-3, decoupled weight decay 0.01, 10% linear warm-up then linear decay. */
  static final OptimizerOptions.Defaults TEXT = new OptimizerOptions.Defaults("adamw", 1e-3, 0.01, "warmup-linear");
  /** Text from a pretrained encoder (--init, hf:DIR, onnx:FILE): the same with BERT's fine-tuning rate 5e-5. */
  static final OptimizerOptions.Defaults TEXT_PRETRAINED = new OptimizerOptions.Defaults("adamw", 5e-5, 0.01, "warmup-linear");

  @Spec CommandSpec spec;

  @Option(names = "--task", defaultValue = "vision",
      description = "vision (default), text (transformer text classification) or adversarial (vision data and models, PGD-AT or TRADES training)")
  String task;

  @Mixin AdversarialOptions adversarialOptions;

  @Option(names = "--dataset", defaultValue = "fashion-mnist",
      description = "fashion-mnist (default), mnist, cifar10, cifar100, folder; text: spam, spam-body, table")
  String dataset;

  @Option(names = "--data", paramLabel = "DIR", description = "data set folder (fashion-mnist: Debian's by default)")
  Path data;

  @Option(names = "--model",
      description = "resnet20/32/56/110, preact_resnet18, wrn16_4, wrn28_10, vgg11/16, mobilenetv2[_W] (default resnet20);"
          + " text: tiny (default), small, base, hf:DIR (a Hugging Face BERT folder: config.json, model.safetensors),"
          + " onnx:FILE (a BERT-family ONNX export), savedmodel:DIR (Google's TF BERT SavedModel), maven:NAME (`llr4j models list`; or maven:GROUP:ARTIFACT:VERSION)")
  String model;

  @Option(names = "--tokenizer", paramLabel = "F",
      description = "text, pretrained --model: tokenizer.json or vocab.txt (default: the one beside the weights)")
  Path tokenizer;

  @Option(names = "--epochs", required = true, description = "epochs to train")
  int epochs;

  @Option(names = "--batch-size", description = "batch size (default 128; text 32)")
  Integer batchSize;

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

  @Option(names = "--file", paramLabel = "F", description = "text, --dataset table: TSV, CSV or JSON Lines file with a header")
  Path file;

  @Option(names = "--test-file", paramLabel = "F", description = "text, --dataset table: the test set (else a split of --file)")
  Path testFile;

  @Option(names = "--text-column", defaultValue = "text", description = "text, table: the text column (default text)")
  String textColumn;

  @Option(names = "--second-text-column", description = "text, table: a second text column (sentence pairs)")
  String secondTextColumn;

  @Option(names = "--label-column", defaultValue = "label", description = "text, table: the label column (default label)")
  String labelColumn;

  @Option(names = "--max-length", defaultValue = "128", description = "text: tokens per example incl. [CLS]/[SEP] (default 128)")
  int maxLength;

  @Option(names = "--vocab-size", defaultValue = "8000",
      description = "text from scratch: WordPiece vocabulary trained on the training split (default 8000)")
  int vocabSize;

  @Option(names = "--dropout", defaultValue = "0.1", description = "text: dropout of the encoder and head (default 0.1)")
  double dropout;

  @Option(names = "--test-fraction", defaultValue = "0.1",
      description = "text without --test-file: stratified test fraction (default 0.1)")
  double testFraction;

  @Option(names = "--pooling",
      description = "text: mean (masked mean of the tokens; the default from scratch, where it met the spam-body target,"
          + " and for pretrained encoders without a pooler) or cls (BERT's pooler on [CLS]; the default for encoders"
          + " with a pooler and after --init; a fresh pooler when the encoder has none)")
  String pooling;

  @Option(names = "--clip-norm", paramLabel = "C",
      description = "text: scale the gradients to global norm C when it is larger, before the optimizer (BERT"
          + " fine-tuning uses 1; default off)")
  Double clipNorm;

  @Option(names = "--freeze", paramLabel = "PART",
      description = "text, pretrained encoder: embeddings (no update, decay or optimizer state for them)")
  String freeze;

  @Option(names = "--freeze-layers", paramLabel = "K",
      description = "text, pretrained encoder: freeze the first K encoder layers (default 0)")
  Integer freezeLayers;

  @Option(names = "--layer-lr-decay", paramLabel = "D",
      description = "text, pretrained encoder: layer-wise lr decay, head at lr, top layer lr*D, layer l of L"
          + " lr*D^(L-l), embeddings lr*D^(L+1) (0 < D <= 1; default 1 = off)")
  Double layerLrDecay;

  @Option(names = "--init", paramLabel = "RUN", description = "text: start from the encoder of an `llr4j pretrain` run")
  Path init;

  @Mixin ReshapeOptions reshape;

  @Mixin OptimizerOptions optimizer;

  @Mixin PrecisionOption precision;
  @Mixin ClusterOptions cluster;

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

  @Option(names = "--track-trajectory", paramLabel = "N", defaultValue = "0",
      description = "every N steps: angle of the update and of the gradient to the top Hessian eigenvector, lambda_max and"
          + " the loss into trajectory.jsonl, plotted in trajectory.png (0 = off)")
  int trackTrajectory;

  @Mixin TensorBoardOption tensorboard;

  @Option(names = "--log-every", defaultValue = "50",
      description = "progress line every N steps when not on a terminal (default 50; 0 = quiet)")
  int logEvery;

  @Override
  public Integer call() {
    TrainFlags.check(epochs, maxSteps, logEvery, samRho, samInterval, dropout);
    TaskFlags.check(task, spec.commandLine().getParseResult());
    if (task.equals("text")) return text();
    if (model == null) model = "resnet20";
    if (batchSize == null) batchSize = 128;
    boolean adversarial = task.equals("adversarial");
    if (adversarial) adversarialOptions.validate();
    ImageSettings settings = ImageSettings.builder(dataset).dataDir(data).model(model).batchSize(batchSize).seed(seed)
        .valFraction(valFraction).limitTrain(limitTrain).limitTest(limitTest).augment(!noAugment).cutout(cutout)
        .cropPad(cropPad).build();
    Path dir = out != null ? out : Path.of("runs", dataset + "-" + model + "-" + reshape.tag()
        + (adversarial ? "-" + adversarialOptions.tag() : "") + "-s" + seed);
    if (samRho == null && (asam || samInterval != 1))
      throw new IllegalArgumentException("--asam and --sam-interval need --sam RHO");
    if (trackFlatness < 0) throw new IllegalArgumentException("--track-flatness must be >= 0, got " + trackFlatness);
    refuseEventsInCluster();
    if (cluster.given() && precision.value() != io.github.llr4j.core.precision.Precision.FP32)
      throw new IllegalArgumentException("data-parallel training runs in fp32 only so far, got --precision "
          + precision.precision + "; drop --precision or train in one process");
    if (trackTrajectory < 0) throw new IllegalArgumentException("--track-trajectory must be >= 0, got " + trackTrajectory);
    // every flag is checked above, so bad input is refused before any worker starts
    if (cluster.launchesLocalWorkers()) return startLocalWorkers();
    Replica replica = cluster.replica();
    Path events = replica != null ? null : tensorboard.resolve(dir.resolve("tensorboard"), "");
    ImageClassification.Customizer adv = adversarial ? adversarialOptions.customizer(dataset, seed) : null;
    ImageClassification.Customizer customizer = (d, b) -> {
      if (adv != null) adv.apply(d, b);
      if (trackFlatness > 0) b.flatness(FlatnessTracking.every(trackFlatness));
      if (trackTrajectory > 0) b.trajectory(TrajectoryTracking.every(trackTrajectory));
      if (replica != null) b.replica(replica);
      if (events != null) b.listener(TensorBoard.into(events));
    };
    PrintWriter w = spec.commandLine().getOut();
    Trainer.Result r;
    // the other workers take rank 0's checkpoint over the collective at the start (Trainer.fit): only rank 0 resumes
    boolean resumes = resume && (replica == null || replica.isChief());
    try (ClusterOptions.WorkerFolder folder = ClusterOptions.folderFor(replica, dir)) {
      RunPlan plan = RunPlan.builder(n -> {
            Optimizer base = optimizer.optimizer(VISION, n, epochs);
            return samRho == null ? base : new Sam(base, Hyperparameter.constant(samRho), asam, 0.01, samInterval);
          }, epochs, folder.run()).objective(reshape.objective(epochs)).resume(resumes)
          .maxSteps(maxSteps).logEvery(logEvery).trainerOptions(precision.options()).build();
      r = ImageClassification.train(settings, plan, customizer, w);
    }
    RunOutput.printResult(w, r, dir);
    if (trackTrajectory > 0 && (replica == null || replica.isChief()))
      w.printf("trajectory: %d samples in %s (trajectory.png)%n", TrajectoryPlot.write(dir), dir.resolve("trajectory.jsonl"));
    return 0;
  }

  private Integer text() {
    if (precision.value() != io.github.llr4j.core.precision.Precision.FP32)
      throw new IllegalArgumentException("--precision applies to --task vision and adversarial (bf16 is not validated"
          + " for transformers yet), got --precision " + precision.precision + " with --task text");
    if (dataset.equals("fashion-mnist")) throw new IllegalArgumentException("--task text needs --dataset spam, spam-body or table");
    String m = model == null ? "tiny" : model;
    boolean pretrained = PretrainedSource.names(m);
    if (!pretrained && init != null && model != null)
      throw new IllegalArgumentException("--init takes the model from the pretraining run; drop --model, got --model " + model);
    if (pretrained && init != null)
      throw new IllegalArgumentException("--init and --model " + m + " both give pretrained weights; choose one");
    TextSettings settings = TextSettings.builder(dataset).dataDir(data).file(file).testFile(testFile)
        .textColumn(textColumn).secondTextColumn(secondTextColumn).labelColumn(labelColumn).model(m)
        .maxLength(maxLength).vocabSize(vocabSize).batchSize(batchSize == null ? 32 : batchSize).seed(seed)
        .valFraction(valFraction).testFraction(testFraction).limitTrain(limitTrain).init(init).tokenizer(tokenizer)
        .dropout(dropout).pooling(pooling).build();
    String modelTag = pretrained ? m.substring(0, m.indexOf(':')) : init != null ? "init" : m;
    Path dir = out != null ? out : Path.of("runs", dataset + "-" + modelTag + "-" + reshape.tag() + "-s" + seed);
    OptimizerOptions.Defaults defaults = settings.pretrained() ? TEXT_PRETRAINED : TEXT;
    if (clipNorm != null && !(clipNorm > 0 && Double.isFinite(clipNorm)))
      throw new IllegalArgumentException("--clip-norm must be a positive number, got " + clipNorm);
    FineTuning tuning = fineTuning(settings.pretrained());
    refuseEventsInCluster();
    // every flag is checked above, so bad input is refused before any worker starts
    if (cluster.launchesLocalWorkers()) return startLocalWorkers();
    Replica replica = cluster.replica();
    Consumer<TrainerConfig.Builder> events = replica != null ? b -> b.replica(replica)
        : tensorboard.options(dir.resolve("tensorboard"), "");
    PrintWriter w = spec.commandLine().getOut();
    long t0 = System.nanoTime();
    TextClassification.Result r;
    try (ClusterOptions.WorkerFolder folder = ClusterOptions.folderFor(replica, dir)) {
      RunPlan plan = RunPlan.builder(n -> tuning.isPlain() ? clipped(optimizer.optimizer(defaults, n, epochs))
              : tuning.optimizer(scale -> optimizer.optimizer(defaults, n, epochs, scale),
                  clipNorm == null ? null : new GlobalNormClip(clipNorm)), epochs, folder.run())
          .objective(reshape.objective(epochs)).resume(resume && (replica == null || replica.isChief()))
          .maxSteps(maxSteps).logEvery(logEvery).trainerOptions(events).build();
      r = TextClassification.train(settings, plan, w);
    }
    Map<String, Object> metrics = r.classification();
    w.printf(Locale.ROOT, "test: accuracy %.4f, macro-F1 %.4f, confusion %s (rows true %s)%n",
        (Double) metrics.get("test_accuracy"), (Double) metrics.get("test_macro_f1"), metrics.get("test_confusion"),
        r.classes());
    RunOutput.printResult(w, r.training(), dir);
    w.printf(Locale.ROOT, "wall time %.1f s%n", (System.nanoTime() - t0) / 1e9);
    w.flush();
    return 0;
  }

  /** TensorBoard's gradient histograms would run the all-reduce on one worker only. */
  private void refuseEventsInCluster() {
    if (cluster.given() && tensorboard.value != null && !tensorboard.value.equals("none"))
      throw new IllegalArgumentException("--tensorboard is not supported in data-parallel training yet, got --tensorboard "
          + tensorboard.value + "; drop it (cluster runs write no event files)");
  }

  /** --local-workers N: this command again as N worker processes; their first non-zero exit code. */
  private int startLocalWorkers() {
    return LocalWorkers.run(cluster.localWorkers, spec.commandLine().getParseResult().originalArgs(),
        cluster.timeoutSeconds, spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  private FineTuning fineTuning(boolean pretrained) {
    if (!pretrained && (freeze != null || freezeLayers != null || layerLrDecay != null))
      throw new IllegalArgumentException(
          "--freeze, --freeze-layers and --layer-lr-decay need a pretrained encoder (--model hf:/onnx:/maven:/savedmodel: or --init)");
    if (freeze != null && !freeze.equals("embeddings"))
      throw new IllegalArgumentException("--freeze must be embeddings, got '" + freeze + "'");
    if (freezeLayers != null && freezeLayers < 0)
      throw new IllegalArgumentException("--freeze-layers must be >= 0, got " + freezeLayers);
    if (layerLrDecay != null && !(layerLrDecay > 0 && layerLrDecay <= 1))
      throw new IllegalArgumentException("--layer-lr-decay must be in (0, 1], got " + layerLrDecay);
    return new FineTuning(layerLrDecay == null ? 1 : layerLrDecay, freeze != null,
        freezeLayers == null ? 0 : freezeLayers);
  }

  private Optimizer clipped(Optimizer o) {
    return clipNorm == null ? o : new GlobalNormClip(clipNorm).then(o);
  }
}
