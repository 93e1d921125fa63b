package io.github.llr4j.examples.cli;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.task.RunPlan;
import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.nlp.task.MaskedLmPretraining;
import io.github.llr4j.nlp.task.TextSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llr4j pretrain --task mlm}: masked-language-model pretraining of a transformer encoder on
 * unlabeled text; {@code llr4j train --task text --init RUN} fine-tunes the result.
 */
@Command(name = "pretrain", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Pretrain a transformer encoder with the masked-language-model objective (15%% of the tokens,",
        "80%% [MASK] / 10%% random / 10%% kept) on unlabeled text: the training split of --dataset (the split",
        "train --task text makes with the same --seed and fractions) or the lines of --lines F.",
        "Defaults: AdamW lr 1e-3, weight decay 0.01, 10%% warm-up then linear decay, batch 32."})
public final class PretrainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--task", required = true, description = "mlm (the only pretraining objective)")
  String task;

  @Option(names = "--dataset", defaultValue = "spam-body", description = "spam, spam-body (default) or table")
  String dataset;

  @Option(names = "--data", paramLabel = "DIR", description = "SpamAssassin folder (default ~/.llr4j/data/spam-assassin)")
  Path data;

  @Option(names = "--file", paramLabel = "F", description = "--dataset table: the table")
  Path file;

  @Option(names = "--text-column", defaultValue = "text", description = "table: the text column (default text)")
  String textColumn;

  @Option(names = "--label-column", defaultValue = "label", description = "table: the label column, for the split (default label)")
  String labelColumn;

  @Option(names = "--lines", paramLabel = "F", description = "pretrain on the non-empty lines of F instead of --dataset")
  Path lines;

  @Option(names = "--model", defaultValue = "small", description = "tiny, small (default) or base")
  String model;

  @Option(names = "--max-length", defaultValue = "128", description = "tokens per text (default 128)")
  int maxLength;

  @Option(names = "--vocab-size", defaultValue = "8000", description = "WordPiece vocabulary size (default 8000)")
  int vocabSize;

  @Option(names = "--mask-rate", defaultValue = "0.15", description = "fraction of tokens predicted (default 0.15)")
  double maskRate;

  @Option(names = "--dropout", defaultValue = "0.1", description = "encoder dropout (default 0.1)")
  double dropout;

  @Option(names = "--epochs", required = true, description = "epochs over the texts")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "32", description = "batch size (default 32)")
  int batchSize;

  @Option(names = "--seed", defaultValue = "1", description = "seed of weights, split, order and masks")
  long seed;

  @Option(names = "--val-fraction", defaultValue = "0.1", description = "held out of the split like train --task text (default 0.1)")
  double valFraction;

  @Option(names = "--test-fraction", defaultValue = "0.1", description = "held out of the split like train --task text (default 0.1)")
  double testFraction;

  @Mixin OptimizerOptions optimizer;

  @Mixin TensorBoardOption tensorboard;

  @Option(names = "--out", paramLabel = "DIR", description = "output folder (default runs/mlm-<dataset>-<model>-s<seed>)")
  Path out;

  @Option(names = "--resume", description = "continue the run in --out from its last checkpoint")
  boolean resume;

  @Option(names = "--max-steps", defaultValue = "0", description = "stop after N steps in total (0 = no limit)")
  long maxSteps;

  @Option(names = "--log-every", defaultValue = "50", description = "progress line every N steps (default 50; 0 = quiet)")
  int logEvery;

  @Override
  public Integer call() {
    if (!task.equals("mlm")) throw new IllegalArgumentException("--task must be mlm, got '" + task + "'");
    TrainFlags.check(epochs, maxSteps, logEvery, null, 1, dropout);
    Require.that(maskRate > 0 && maskRate < 1, "--mask-rate", "be in (0, 1)", maskRate);
    if (model.contains(":"))
      throw new IllegalArgumentException("--model must be tiny, small or base (pretraining starts from scratch), got " + model);
    TextSettings s = TextSettings.builder(dataset).dataDir(data).file(file).textColumn(textColumn)
        .labelColumn(labelColumn).model(model).maxLength(maxLength).vocabSize(vocabSize).batchSize(batchSize).seed(seed)
        .valFraction(valFraction).testFraction(testFraction).dropout(dropout).build();
    Path dir = out != null ? out : Path.of("runs", "mlm-" + (lines != null ? "lines" : dataset) + "-" + model + "-s" + seed);
    RunPlan plan = RunPlan.builder(n -> optimizer.optimizer(TrainCommand.TEXT, n, epochs), epochs, dir).resume(resume)
        .maxSteps(maxSteps).logEvery(logEvery).trainerOptions(tensorboard.options(dir.resolve("tensorboard"), "")).build();
    PrintWriter w = spec.commandLine().getOut();
    long t0 = System.nanoTime();
    Trainer.Result r = MaskedLmPretraining.pretrain(s, lines, maskRate, plan, w);
    if (r.alreadyFinished()) w.printf("the run in %s already finished; its results are kept%n", dir);
    w.printf(Locale.ROOT, "done: %d epochs, %d steps, final MLM loss %.4f, %.1f ms/step (median); wall time %.1f s%n",
        r.epochsCompleted(), r.steps(), ((Number) r.finalMetrics().get("train_loss")).doubleValue(), r.msPerStepMedian(),
        (System.nanoTime() - t0) / 1e9);
    w.printf("fine-tune with: llr4j train --task text --init %s ...%n", dir);
    w.flush();
    return 0;
  }
}
