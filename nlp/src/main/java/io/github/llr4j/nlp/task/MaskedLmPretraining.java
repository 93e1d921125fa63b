package io.github.llr4j.nlp.task;

import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.core.data.Batches;
import io.github.llr4j.core.nn.ModelSpec;
import io.github.llr4j.core.reshape.ReshapedObjective;
import io.github.llr4j.core.run.RunCard;
import io.github.llr4j.core.run.RunFolder;
import io.github.llr4j.core.task.PreparedRun;
import io.github.llr4j.core.task.RunPlan;
import io.github.llr4j.core.task.TrainingRun;
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
import java.util.Map;

/**
 * Masked-language-model pretraining of a {@link TransformerSpec} encoder on unlabeled texts:
 * the training split of a text data set (labels ignored; the split is the one {@code train --task
 * text} makes with the same seed and fractions, so validation and test texts are never seen) or
 * the lines of a plain text file. Trains a WordPiece vocabulary on those texts, then the encoder
 * with {@link MaskedLmLoss} through the core {@link TrainingRun} skeleton; the run folder ({@code
 * vocab.txt}, {@code model.json} with task {@code mlm}, {@code checkpoint/}) is what {@code train
 * --task text --init RUN} starts from.
 */
public final class MaskedLmPretraining {
  private MaskedLmPretraining() {}

  /** The unlabeled texts: lines of {@code lines} when given, else the training split of {@code s}. */
  public static List<String> texts(TextSettings s, Path lines) {
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
    TextDataset train = TextClassification.load(s).train();
    List<String> out = new ArrayList<>(train.texts());
    if (train.hasPairs()) out.addAll(train.secondTexts());
    return out;
  }

  /**
   * Pretrains on {@code lines} (null: the training split of {@code s}), masking {@code maskRate} of
   * the tokens, with the plain masked-LM loss (the plan's objective is not used); {@code log} gets
   * the banner.
   */
  public static Trainer.Result pretrain(TextSettings s, Path lines, double maskRate, RunPlan plan, PrintWriter log) {
    return TrainingRun.run(plan, folder -> prepare(s, lines, maskRate, plan, folder, log));
  }

  private static PreparedRun prepare(TextSettings s, Path lines, double maskRate, RunPlan plan, RunFolder folder,
      PrintWriter log) {
    long t0 = System.nanoTime();
    List<String> texts = texts(s, lines);
    boolean ownVocab = plan.resume() && folder.exists("vocab.txt");
    Vocabulary vocab = ownVocab ? Vocabulary.load(folder.existingFile("vocab.txt"))
        : new WordPieceTrainer(s.vocabSize(), 2).train(texts.iterator());
    BertTokenizer tok = TextRunCard.tokenizer(vocab, true);
    TextDataset unlabeled = new TextDataset(texts, null, new int[texts.size()], List.of("text", "unused"));
    TokenizedTexts enc = TokenizedTexts.encode(tok, unlabeled, s.maxLength());
    ArrayBatches batches = enc.batches().batchSize(s.batchSize()).seed(s.seed()).build();
    TransformerSpec spec = TransformerSpec.named(s.model(), vocab.size(), s.maxLength(), 2).toBuilder()
        .padId(vocab.requireId(SpecialTokens.PAD)).dropout(s.dropout()).build();
    List<Integer> special = new ArrayList<>();
    for (String t : SpecialTokens.ALL) special.add(vocab.requireId(t));
    // WordPieceTrainer puts the special tokens first, so regular tokens start after them
    MaskedLmLoss loss = new MaskedLmLoss(vocab.size(), vocab.requireId(SpecialTokens.MASK), special,
        SpecialTokens.ALL.size(), maskRate);
    log.printf(Locale.ROOT, "%d unlabeled texts; vocabulary %d; max length %d; prepared in %.1f s%n", texts.size(),
        vocab.size(), s.maxLength(), (System.nanoTime() - t0) / 1e9);
    log.printf("model %s (%d layers, hidden %d) with an MLM head; objective %s; output: %s%n", spec.name(), spec.layers(),
        spec.hidden(), loss, plan.out());
    log.flush();
    RunCard card = TextRunCard.of(s.dataset(), spec, List.of(), true);
    card.values().put("task", "mlm");
    return new PreparedRun() {
      @Override public ModelSpec model() { return spec.pretraining(); }
      @Override public Batches train() { return batches; }
      @Override public Map<String, Batches> evaluation() { return Map.of(); }
      @Override public long seed() { return s.seed(); }
      @Override public RunCard card() { return card; }

      @Override
      public void configure(TrainerConfig.Builder builder) {
        // the masked-LM loss is the objective; reshaping does not apply to pretraining
        builder.loss(loss).objective(ReshapedObjective.plain());
        TextClassification.dataIdentity(s, builder);
        builder.data("lines", lines == null ? null : lines.toAbsolutePath().normalize().toString());
      }

      @Override
      public void writeFiles(RunFolder folder) {
        if (!ownVocab) folder.writeText("vocab.txt", String.join("\n", vocab.tokens()) + "\n");
      }
    };
  }
}
