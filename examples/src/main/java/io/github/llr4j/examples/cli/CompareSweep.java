package io.github.llr4j.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.llr4j.core.dist.ClusterMailbox;
import io.github.llr4j.core.dist.Replica;
import io.github.llr4j.core.run.RunFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * {@code compare --cluster ... --rank I}: the (method, seed) runs spread over the workers, each
 * run trained on one worker as an ordinary one-process run (with the same flatness analysis), and
 * every row gathered by rank 0, which writes the one report.
 *
 * <p>Protocol, over a {@link ClusterMailbox} (TensorFlow's collective all-reduce; no file system
 * is shared): rank 0 reads the rows already in its --out (with --resume), sends the indexes of the
 * runs still to train, and every worker derives the same assignment from them ({@link #assign}).
 * Each worker trains its runs in order; rank 0 trains in --out (so its runs also continue from
 * their checkpoints), the others in a temporary folder deleted when they end, and send each
 * finished run's compare-row.json to rank 0, which writes it into --out/&lt;method&gt;/s&lt;seed&gt;.
 * The mailbox's rounds go on while the runs train, so a worker that dies or never joins stops the
 * others within --dist-timeout, naming it.
 */
final class CompareSweep {
  /** The pause between two mailbox rounds when nothing is to be sent. */
  private static final Duration IDLE = Duration.ofSeconds(1);
  private static final Duration POLL = Duration.ofMillis(500);

  private CompareSweep() {}

  /** Every run's row on rank 0 (keyed by run, in {@code runs} order); null on the other workers. */
  static Map<CompareRun, CompareRow> run(CompareCommand compare, Replica replica, List<CompareRun> runs, PrintWriter w) {
    int rank = replica.cluster().rank();
    Map<CompareRun, CompareRow> rows = new ConcurrentHashMap<>();
    try (ClusterMailbox box = ClusterMailbox.start(replica, IDLE);
        ClusterOptions.WorkerFolder folder = ClusterOptions.folderFor(replica, compare.out())) {
      List<Integer> pending = new ArrayList<>();
      if (replica.isChief()) {
        for (int i = 0; i < runs.size(); i++) {
          compare.requireFresh(runs.get(i));
          CompareRow kept = compare.kept(runs.get(i), w);
          if (kept != null) rows.put(runs.get(i), kept);
          else pending.add(i);
        }
        ObjectNode plan = RunFolder.JSON.createObjectNode();
        plan.putPOJO("pending", pending);
        box.post(bytes(plan));
      } else {
        pending = planFrom(box);
      }
      List<List<Integer>> assignment = assign(pending, runs, replica.cluster().size());
      List<CompareRun> mine = new ArrayList<>();
      for (int i : assignment.get(rank)) mine.add(runs.get(i));
      w.printf("worker %d of %d trains %d of the %d runs to train: %s%n", rank, replica.cluster().size(), mine.size(),
          pending.size(), mine);
      w.flush();
      CompletableFuture<Void> training = new CompletableFuture<>();
      Thread t = new Thread(() -> {
        try {
          for (int i : assignment.get(rank)) {
            CompareRun run = runs.get(i);
            compare.announce(run, w);
            CompareRow row = compare.trainAndAnalyse(run, folder.run(), rank, w);
            if (replica.isChief()) {
              rows.put(run, row);
            } else {
              ObjectNode message = RunFolder.JSON.createObjectNode();
              message.put("run", i);
              message.set("row", RunFolder.JSON.readTree(run.dir(folder.run()).resolve(CompareRow.FILE).toFile()));
              box.post(bytes(message));
            }
          }
          box.finish();
          training.complete(null);
        } catch (Throwable e) {
          training.completeExceptionally(e);
        }
      }, "compare-runs");
      // a failed collective ends the process (the CLI exits) while a run may still be training here
      t.setDaemon(true);
      t.start();
      while (!box.ended()) {
        if (training.isCompletedExceptionally()) rethrow(training);
        ClusterMailbox.Message m = box.next(POLL);
        if (m == null || !replica.isChief()) continue;
        JsonNode message = RunFolder.JSON.readTree(m.body());
        int i = message.path("run").asInt(-1);
        if (i < 0 || i >= runs.size() || !message.has("row"))
          throw new IllegalStateException("worker " + m.from() + " sent a row message without a valid run: " + message);
        CompareRun run = runs.get(i);
        rows.put(run, compare.adopt(run, message.get("row")));
        w.printf("%s: row received from worker %d, written to %s/%s%n", run, m.from(), run.dir(compare.out()),
            CompareRow.FILE);
        w.flush();
      }
      rethrow(training);
      if (!replica.isChief()) return null;
      Map<CompareRun, CompareRow> ordered = new LinkedHashMap<>();
      for (CompareRun r : runs) ordered.put(r, rows.get(r));
      return ordered;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write a compare row: " + e.getMessage(), e);
    }
  }

  /**
   * The runs each worker trains, by expected cost (SAM and ASAM count 2, two passes per step; the
   * others 1): longest first (the costly runs in seed-major order, then the others), each to the
   * worker with the least expected cost so far (ties to the lower rank); every worker then trains
   * its runs in seed-major order. Every worker computes the same assignment from the same list.
   */
  static List<List<Integer>> assign(List<Integer> pending, List<CompareRun> runs, int workers) {
    List<Integer> order = new ArrayList<>(pending);
    // stable: seed-major within one cost
    order.sort(Comparator.comparingInt((Integer i) -> -runs.get(i).expectedCost()));
    List<List<Integer>> out = new ArrayList<>();
    long[] load = new long[workers];
    for (int w = 0; w < workers; w++) out.add(new ArrayList<>());
    for (int i : order) {
      int best = 0;
      for (int w = 1; w < workers; w++) if (load[w] < load[best]) best = w;
      out.get(best).add(i);
      load[best] += runs.get(i).expectedCost();
    }
    for (List<Integer> mine : out) Collections.sort(mine);
    return out;
  }

  /** The pending run indexes rank 0 sends first. */
  private static List<Integer> planFrom(ClusterMailbox box) throws IOException {
    while (true) {
      ClusterMailbox.Message m = box.next(POLL);
      if (m == null) {
        if (box.ended()) throw new IllegalStateException("the workers finished before rank 0 sent the runs to train");
        continue;
      }
      if (m.from() != 0) continue;
      JsonNode plan = RunFolder.JSON.readTree(m.body());
      List<Integer> out = new ArrayList<>();
      for (JsonNode i : plan.path("pending")) out.add(i.asInt());
      return out;
    }
  }

  private static byte[] bytes(JsonNode json) throws IOException {
    return RunFolder.JSON.writeValueAsBytes(json);
  }

  private static void rethrow(CompletableFuture<Void> training) {
    if (!training.isDone()) return;
    try {
      training.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw new IllegalStateException(e.getCause());
    }
  }
}
