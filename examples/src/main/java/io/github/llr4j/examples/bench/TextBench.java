package io.github.llr4j.examples.bench;

import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.core.hparam.Schedule;
import io.github.llr4j.core.optim.AdamW;
import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.core.train.TrainerConfig;
import io.github.llr4j.nlp.model.TransformerSpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.ndarray.Shape;

/**
 * {@code llr4j bench text}: the library's whole fine-tuning step of a BERT-style classifier
 * (embeddings, post-norm encoder, [CLS] pooler, dropout 0.1 in training mode, cross-entropy,
 * AdamW lr 2e-5 weight decay 0.01) on random token ids without padding; with {@code torch}, the same
 * architecture and step in PyTorch (bundled {@code transformer_torch.py}) in the same rounds.
 */
public final class TextBench {

  /** Vocabulary of the benchmarked models: BERT's uncased WordPiece size, as MiniLM's. */
  public static final int VOCAB = 30522;

  /** A benchmarked model size. */
  public record Size(String name, int layers, int hidden, int heads, int intermediate) {
    /** {@code tiny} (the project's, as Google's BERT-Tiny) or {@code minilm} (MiniLM-L6-H384's shapes). */
    public static Size named(String name) {
      return switch (name) {
        case "tiny" -> new Size("tiny", 2, 128, 2, 512);
        case "minilm" -> new Size("minilm", 6, 384, 12, 1536);
        default -> throw new IllegalArgumentException("--sizes items must be tiny or minilm, got '" + name + "'");
      };
    }

    TransformerSpec spec(int length) {
      return TransformerSpec.bert(name, VOCAB, length, hidden, layers, heads, intermediate, 2);
    }
  }

  /**
   * One size's times: llr4j's median ms per step; with PyTorch, its median and llr4j / pytorch
   * (paired over rounds when interleaved, ratio of medians when standalone) with its standard error.
   */
  public record Row(String size, long parameters, String mode, double llr4jMs, double torchMs, double ratio,
      double ratioSe) {}

  /** The rows (interleaved, then standalone ones if asked for) and the reference's settings. */
  public record Result(TorchReference.Info torch, List<Row> rows) {}

  private TextBench() {}

  /**
   * Times one size: llr4j (and PyTorch) in {@code rounds} interleaved rounds, then, if
   * {@code standaloneSteps > 0} and PyTorch takes part, each alone. PyTorch runs {@code torchThreads}
   * intra-op threads.
   */
  public static Result run(Size size, int batch, int length, int warmup, int rounds, int stepsPerTurn,
      int standaloneSteps, long seed, boolean torch, int torchThreads, PrintWriter log) {
    TransformerSpec spec = size.spec(length);
    Random r = new Random(seed);
    int n = 4 * batch;
    int[] tokens = new int[n * length];
    for (int i = 0; i < tokens.length; i++) tokens[i] = 5 + r.nextInt(VOCAB - 5);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) labels[i] = i % 2;
    ArrayBatches batches = ArrayBatches.ofTokens(tokens, Shape.of(length), labels).batchSize(batch).seed(seed).build();
    TrainerConfig cfg = TrainerConfig.builder(spec, AdamW.of(Schedule.constant(2e-5), 0.01)).seed(seed).epochs(1)
        .logInterval(0).build();
    TorchReference reference = null;
    try (Trainer trainer = new Trainer(cfg, batches, Map.of())) {
      TrainerFeed feed = new TrainerFeed(trainer, batches);
      List<InterleavedTiming.Variant> variants = new ArrayList<>(List.of(new InterleavedTiming.Variant("llr4j", feed::step)));
      if (torch) {
        log.printf("starting PyTorch's %s encoder ...%n", size.name());
        log.flush();
        reference = TorchReference.start("transformer_torch.py", List.of("--vocab", "" + VOCAB, "--layers",
            "" + size.layers(), "--hidden", "" + size.hidden(), "--heads", "" + size.heads(), "--intermediate",
            "" + size.intermediate(), "--batch", "" + batch, "--length", "" + length, "--warmup", "" + warmup,
            "--threads", "" + torchThreads));
        variants.add(new InterleavedTiming.Variant("pytorch", reference::step));
      }
      long params = trainer.model().parameterCount();
      log.printf("%s (%d layers, hidden %d, %d heads, intermediate %d; %,d parameters), batch %d x %d tokens: %d"
          + " warm-up steps each, then %d rounds x %d steps, interleaved%n", size.name(), size.layers(), size.hidden(),
          size.heads(), size.intermediate(), params, batch, length, warmup, rounds, stepsPerTurn);
      log.flush();
      List<Row> rows = new ArrayList<>();
      rows.add(row(size, params, "interleaved", InterleavedTiming.run(variants, warmup, rounds, stepsPerTurn), seed));
      if (reference != null && standaloneSteps > 0) {
        log.printf("each alone: %d steps each (the other idle)%n", standaloneSteps);
        log.flush();
        rows.add(row(size, params, "standalone", InterleavedTiming.standalone(variants, 1, standaloneSteps), seed));
      }
      return new Result(reference == null ? null : reference.info(), rows);
    } finally {
      if (reference != null) reference.close();
    }
  }

  private static Row row(Size size, long params, String mode, Map<String, InterleavedTiming.Times> times, long seed) {
    InterleavedTiming.Times ours = times.get("llr4j");
    InterleavedTiming.Times theirs = times.get("pytorch");
    double[] ratio = AttackBench.ratio(ours, theirs, mode.equals("interleaved"), seed);
    return new Row(size.name(), params, mode, ours.median(), theirs == null ? Double.NaN : theirs.median(), ratio[0],
        ratio[1]);
  }
}
