package io.github.llr4j.core.train.checkpoint;

import com.fasterxml.jackson.core.type.TypeReference;
import io.github.llr4j.core.train.report.RunFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.tensorflow.Session;

/**
 * Atomic checkpoints in {@code <run>/checkpoint/}: the session's variables ({@code ckpt.*}, via
 * {@link Session#save}) plus {@code state.json}. A new checkpoint is written to
 * {@code checkpoint.tmp/}, the old one is moved to {@code checkpoint.old/}, the new one renamed
 * into place and the old one deleted; a crash at any point leaves a complete checkpoint in
 * {@code checkpoint/} or (between the two renames) in {@code checkpoint.old/}, which
 * {@link #load} falls back to.
 */
public final class Checkpoints {
  private Checkpoints() {}

  private static final String PREFIX = "ckpt";

  /** Saves variables and {@code state} under {@code runDir}. */
  public static void save(Session session, Path runDir, Map<String, Object> state) {
    Path tmp = runDir.resolve("checkpoint.tmp");
    Path dst = runDir.resolve("checkpoint");
    Path old = runDir.resolve("checkpoint.old");
    try {
      deleteTree(tmp);
      Files.createDirectories(tmp);
      session.save(tmp.resolve(PREFIX).toAbsolutePath().toString());
      RunFiles.writeJson(tmp.resolve("state.json"), state);
      deleteTree(old);
      if (Files.exists(dst)) Files.move(dst, old, StandardCopyOption.ATOMIC_MOVE);
      Files.move(tmp, dst, StandardCopyOption.ATOMIC_MOVE);
      deleteTree(old);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint in " + runDir, e);
    }
  }

  /** The folder holding the newest complete checkpoint of {@code runDir}, if any. */
  public static Optional<Path> find(Path runDir) {
    for (String name : new String[] {"checkpoint", "checkpoint.old"}) {
      Path dir = runDir.resolve(name);
      if (Files.isRegularFile(dir.resolve("state.json"))) return Optional.of(dir);
    }
    return Optional.empty();
  }

  /**
   * The checkpoint folder for {@code runOrCheckpointDir}: the folder itself when it holds
   * {@code state.json}, else the run folder's newest complete checkpoint.
   */
  public static Path resolve(Path runOrCheckpointDir) {
    if (Files.isRegularFile(runOrCheckpointDir.resolve("state.json"))) return runOrCheckpointDir;
    return find(runOrCheckpointDir).orElseThrow(() -> new IllegalArgumentException(
        "checkpoint folder must contain checkpoint/ or state.json, got " + runOrCheckpointDir
            + " (train with an output folder, e.g. --out DIR, to get checkpoints)"));
  }

  /** Restores the variables of {@code session} from {@code dir} and returns its state. */
  public static Map<String, Object> load(Session session, Path dir) {
    Path stateFile = dir.resolve("state.json");
    Map<String, Object> state;
    try {
      state = RunFiles.JSON.readValue(stateFile.toFile(), new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("checkpoint state " + stateFile + " is not a readable JSON object", e);
    }
    restoreVariables(session, dir);
    return state;
  }

  /**
   * Restores the variables of {@code session}'s graph from the checkpoint in {@code dir}; the
   * checkpoint may hold more (e.g. optimizer slots an inference graph lacks).
   */
  public static void restoreVariables(Session session, Path dir) {
    if (!Files.isRegularFile(dir.resolve(PREFIX + ".index")))
      throw new IllegalArgumentException("checkpoint folder must contain " + PREFIX + ".index, got " + dir);
    try {
      session.restore(dir.resolve(PREFIX).toAbsolutePath().toString());
    } catch (IllegalArgumentException | org.tensorflow.exceptions.TensorFlowException e) {
      // TF reports a shape or name mismatch as TFInvalidArgumentException (an IllegalArgumentException)
      throw new IllegalArgumentException("checkpoint " + dir + " does not fit this model (" + firstLine(e.getMessage())
          + "); build the model with the settings the run was trained with", e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) return "no message";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.delete(q);
    }
  }
}
