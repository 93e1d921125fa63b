package io.github.llr4j.examples.tasks;

import io.github.llr4j.core.run.RunCard;
import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.core.optim.Optimizer;
import io.github.llr4j.core.reshape.ReshapedObjective;
import io.github.llr4j.core.run.RunFolder;
import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.core.train.TrainerConfig;
import io.github.llr4j.nlp.data.TextDataset;
import io.github.llr4j.nlp.data.TokenizedTexts;
import io.github.llr4j.nlp.model.MaskedLmLoss;
import io.github.llr4j.nlp.model.TransformerSpec;
import io.github.llr4j.nlp.tokenize.BertTokenizer;
import io.github.llr4j.nlp.tokenize.SpecialTokens;
import io.github.llr4j.nlp.tokenize.Vocabulary;
import io.github.llr4j.nlp.tokenize.WordPieceTrainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * Masked-language-model pretraining of a {@link TransformerSpec} encoder on unlabeled texts:
 * the training split of a text data set (labels ignored; the split is the one {@code train --task
 * text} makes with the same seed and fractions, so validation and test texts are never seen) or
 * the lines of a plain text file. Trains a WordPiece vocabulary on those texts, then the encoder
 * with {@link MaskedLmLoss}; the run folder ({@code vocab.txt}, {@code model.json} with task
 * {@code mlm}, {@code checkpoint/}) is what {@code train --task text --init RUN} starts from.
 */
public final class PretrainTask {
  private PretrainTask() {}

  /** How the run is trained. */
  public record Plan(LongFunction<Optimizer> optimizerForStepsPerEpoch, int epochs, Path out, boolean resume,
      long maxSteps, int logEvery, double dropout, double maskRate) {}

  /** The unlabeled texts: lines of {@code lines} when given, else the training split of {@code s}. */
  public static List<String> texts(TextTask.Settings s, Path lines) {
    if (lines != null) {
      try {
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(lines, StandardCharsets.UTF_8)) if (!l.isBlank()) out.add(l);
        if (out.isEmpty()) throw new IllegalArgumentException("--lines file must hold at least one non-empty line, got none in " + lines);
        return out;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + lines, e);
      }
    }
    TextDataset train = TextTask.load(s).train();
    List<String> out = new ArrayList<>(train.texts());
    if (train.hasPairs()) out.addAll(train.secondTexts());
    return out;
  }

  /**
   * Order as in {@link TextTask}: lock and check the folder, build the trainer (which validates a
   * resume), then write {@code vocab.txt} and {@code model.json}.
   */
  public static Trainer.Result pretrain(TextTask.Settings s, Path lines, Plan plan, PrintWriter w) {
    try (RunFolder folder = RunFolder.open(plan.out())) {
      folder.checkUsable(plan.resume());
      return pretrain(s, lines, plan, w, folder);
    }
  }

  private static Trainer.Result pretrain(TextTask.Settings s, Path lines, Plan plan, PrintWriter w, RunFolder folder) {
    long t0 = System.nanoTime();
    List<String> texts = texts(s, lines);
    Path dir = folder.dir();
    boolean ownVocab = plan.resume() && folder.exists("vocab.txt");
    Vocabulary vocab = ownVocab ? Vocabulary.load(folder.existingFile("vocab.txt"))
        : new WordPieceTrainer(s.vocabSize(), 2).train(texts.iterator());
    BertTokenizer tok = TextTask.tokenizer(vocab, true);
    TextDataset unlabeled = new TextDataset(texts, null, new int[texts.size()], List.of("text", "unused"));
    TokenizedTexts enc = TokenizedTexts.encode(tok, unlabeled, s.maxLength());
    ArrayBatches batches = enc.batches().batchSize(s.batchSize()).seed(s.seed()).build();
    TransformerSpec spec = TransformerSpec.named(s.model(), vocab.size(), s.maxLength(), 2).toBuilder()
        .padId(vocab.requireId(SpecialTokens.PAD)).dropout(plan.dropout()).build();
    List<Integer> special = new ArrayList<>();
    for (String t : SpecialTokens.ALL) special.add(vocab.requireId(t));
    // WordPieceTrainer puts the special tokens first, so regular tokens start after them
    MaskedLmLoss loss = new MaskedLmLoss(vocab.size(), vocab.requireId(SpecialTokens.MASK), special,
        SpecialTokens.ALL.size(), plan.maskRate());
    w.printf(Locale.ROOT, "%d unlabeled texts; vocabulary %d; max length %d; prepared in %.1f s%n", texts.size(),
        vocab.size(), s.maxLength(), (System.nanoTime() - t0) / 1e9);
    w.printf("model %s (%d layers, hidden %d) with an MLM head; objective %s; output: %s%n", spec.name(), spec.layers(),
        spec.hidden(), loss, plan.out());
    w.flush();
    TrainerConfig.Builder builder = TrainerConfig.builder(spec.pretraining(), plan.optimizerForStepsPerEpoch().apply(batches.batchesPerEpoch()))
        .loss(loss).objective(ReshapedObjective.plain()).epochs(plan.epochs()).seed(s.seed()).outputDir(dir)
        .resume(plan.resume()).maxSteps(plan.maxSteps()).logInterval(plan.logEvery());
    TextTask.dataIdentity(s, builder);
    builder.data("lines", lines == null ? null : lines.toAbsolutePath().normalize().toString());
    TrainerConfig config = builder.build();
    RunCard card = TextTask.card(s, spec, List.of(), true);
    card.values().put("task", "mlm");
    Trainer.Result r;
    try (Trainer t = new Trainer(config, batches, java.util.Map.of())) {
      if (plan.resume()) card.requireSameAs(folder);
      if (!ownVocab) folder.writeText("vocab.txt", String.join("\n", vocab.tokens()) + "\n");
      card.write(folder);
      r = t.fit();
    }
    if (r.alreadyFinished()) w.printf("the run in %s already finished; its results are kept%n", dir);
    w.printf(Locale.ROOT, "done: %d epochs, %d steps, final MLM loss %.4f, %.1f ms/step (median); wall time %.1f s%n",
        r.epochsCompleted(), r.steps(), ((Number) r.finalMetrics().get("train_loss")).doubleValue(), r.msPerStepMedian(),
        (System.nanoTime() - t0) / 1e9);
    w.printf("fine-tune with: llr4j train --task text --init %s ...%n", plan.out());
    w.flush();
    return r;
  }
}
