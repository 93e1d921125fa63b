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

  /** Restores the variables of {@code session} from {@code dir} and returns its state. */
  public static Map<String, Object> load(Session session, Path dir) {
    Path stateFile = dir.resolve("state.json");
    Map<String, Object> state;
    try {
      state = RunFiles.JSON.readValue(stateFile.toFile(), new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("checkpoint state " + stateFile + " is not a readable JSON object", e);
    }
    session.restore(dir.resolve(PREFIX).toAbsolutePath().toString());
    return state;
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.delete(q);
    }
  }
}
