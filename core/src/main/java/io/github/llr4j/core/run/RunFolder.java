package io.github.llr4j.core.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One run folder ({@code --out}): every file a run writes goes through here, so that each file is
 * replaced atomically ({@link AtomicWrite}), a training holds the folder's {@link RunLock}, and
 * every file name read back (including names stored in {@code model.json}, such as the
 * vocabulary) resolves strictly inside the folder: relative, made of plain name segments, no
 * {@code ..}, no absolute path, no symbolic link leading out, no device or other special file.
 * Everything read back is validated: size-bounded, a JSON object (or one object per line), with a
 * message naming the file.
 *
 * <p>Write order of a training (see {@code RunRecord}): {@code model.json} and the other task files
 * only after every resume check passed; then per epoch {@code metrics.jsonl}, the checkpoint,
 * {@code best/}, and at the end {@code summary.json}. A crash between two of them is repaired on
 * resume (metrics lines past the checkpoint are dropped).
 */
public final class RunFolder implements AutoCloseable {

  /** Pretty JSON for every file of the folder. */
  public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final ObjectMapper LINE = new ObjectMapper();
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]*");
  /** Largest JSON file read back (metrics of very long runs stay far below). */
  static final long MAX_JSON_BYTES = 64L << 20;

  private final Path dir;
  private final boolean locked;

  private RunFolder(Path dir, boolean locked) {
    this.dir = dir;
    this.locked = locked;
  }

  /** Creates {@code dir} if needed and locks it for this process (see {@link RunLock}). */
  public static RunFolder open(Path dir) {
    if (dir == null) throw new IllegalArgumentException("run folder must not be null");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create output folder " + dir + ": " + e.getMessage(), e);
    }
    RunLock.acquire(dir);
    return new RunFolder(dir, true);
  }

  /** An existing run folder, for reading (prediction, attacks); takes no lock. */
  public static RunFolder read(Path dir) {
    if (dir == null || !Files.isDirectory(dir))
      throw new IllegalArgumentException("run folder must be an existing folder, got " + dir);
    return new RunFolder(dir, false);
  }

  public Path dir() {
    return dir;
  }

  /**
   * A new run needs a folder without a previous run's metrics or checkpoint; a resumed one needs a
   * checkpoint (metrics without a checkpoint cannot be continued without repeating epochs).
   */
  public void checkUsable(boolean resume) {
    boolean metrics = Files.exists(dir.resolve("metrics.jsonl"));
    boolean checkpoint = Files.exists(dir.resolve("checkpoint")) || Files.exists(dir.resolve("checkpoint.old"));
    if (resume && !checkpoint && metrics)
      throw new IllegalArgumentException("--resume needs the checkpoint of the run in " + dir + ", got metrics.jsonl"
          + " without checkpoint/ (it was deleted or never written); resuming would repeat its epochs: start a new"
          + " run in another folder");
    if (resume && !checkpoint)
      throw new IllegalArgumentException("--resume needs a run folder with a checkpoint, got " + dir
          + " (nothing to resume; drop --resume to start a new run)");
    if (!resume && (metrics || checkpoint))
      throw new IllegalArgumentException("output folder " + dir + " already holds a run; pass --resume to"
          + " continue it, or choose another folder with --out");
  }

  /**
   * The path of {@code name} inside the folder. {@code name} must be relative, made of segments
   * of letters, digits, '_', '-' and '.' (not starting with '.'), separated by '/'; if it exists
   * it must be a regular file or folder whose real path lies inside the folder.
   */
  public Path resolve(String name) {
    if (name == null || name.isEmpty() || name.startsWith("/") || name.endsWith("/"))
      throw new IllegalArgumentException("file name must be a relative name inside the run folder " + dir
          + ", got '" + name + "'");
    for (String seg : name.split("/", -1))
      if (!SEGMENT.matcher(seg).matches())
        throw new IllegalArgumentException("file name must be a relative name inside the run folder " + dir
            + " (plain segments, no '..', no absolute path), got '" + name + "'");
    Path p = dir.resolve(name);
    if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.isRegularFile(p) && !Files.isDirectory(p))
        throw new IllegalArgumentException(p + " must be a regular file or folder, got a special file");
      try {
        if (!p.toRealPath().startsWith(dir.toRealPath()))
          throw new IllegalArgumentException(p + " must lie inside the run folder " + dir + ", got a link to "
              + p.toRealPath());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot resolve " + p + ": " + e.getMessage(), e);
      }
    }
    return p;
  }

  /** {@link #resolve} for a file that must exist and be a regular file. */
  public Path existingFile(String name) {
    Path p = resolve(name);
    if (!Files.isRegularFile(p)) throw new IllegalArgumentException(p + " must be a file of the run folder, got none");
    return p;
  }

  public boolean exists(String name) {
    return Files.exists(resolve(name));
  }

  /** Writes {@code value} as pretty JSON to {@code name}, atomically. */
  public void writeJson(String name, Object value) {
    writeJson(resolve(name), value);
  }

  /** Atomic, durable pretty JSON write to {@code file} (any folder; created if missing). */
  public static void writeJson(Path file, Object value) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      AtomicWrite.write(file, JSON.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + file.getFileName() + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create output folder " + file.toAbsolutePath().getParent(), e);
    }
  }

  /** Writes text to {@code name}, atomically. */
  public void writeText(String name, String text) {
    AtomicWrite.write(resolve(name), text.getBytes(StandardCharsets.UTF_8));
  }

  /** Replaces {@code name} with one compact JSON object per line, atomically. */
  public void writeJsonLines(String name, List<Map<String, Object>> records) {
    StringBuilder b = new StringBuilder();
    try {
      for (Map<String, Object> r : records) b.append(LINE.writeValueAsString(r)).append('\n');
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a line of " + name + ": " + e.getMessage(), e);
    }
    writeText(name, b.toString());
  }

  /** The JSON object in {@code name}, validated (see {@link #readObject(Path)}). */
  public Map<String, Object> readObject(String name) {
    return readObject(existingFile(name));
  }

  /** The JSON object in {@code file}: a regular file of at most 64 MiB holding one JSON object. */
  public static Map<String, Object> readObject(Path file) {
    String text = readBounded(file);
    try {
      Object v = JSON.readValue(text, Object.class);
      if (!(v instanceof Map<?, ?>))
        throw new IllegalArgumentException(file + " must hold a JSON object, got " + kind(v));
      return JSON.convertValue(v, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + " is not valid JSON (corrupt or truncated) at line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
    }
  }

  /** The JSON objects of {@code name}, one per non-empty line, validated; empty if the file is absent. */
  public List<Map<String, Object>> readJsonLines(String name) {
    Path file = resolve(name);
    List<Map<String, Object>> out = new ArrayList<>();
    if (!Files.exists(file)) return out;
    String[] lines = readBounded(file).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) continue;
      try {
        Object v = LINE.readValue(lines[i], Object.class);
        if (!(v instanceof Map<?, ?>))
          throw new IllegalArgumentException(file + " line " + (i + 1) + " must hold a JSON object, got " + kind(v));
        out.add(LINE.convertValue(v, new TypeReference<LinkedHashMap<String, Object>>() {}));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + " is not valid JSON (corrupt or truncated): "
            + e.getOriginalMessage(), e);
      }
    }
    return out;
  }

  private static String readBounded(Path file) {
    if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + " must be a regular file, got "
        + (Files.exists(file) ? "a special file" : "none"));
    try {
      long size = Files.size(file);
      if (size > MAX_JSON_BYTES)
        throw new IllegalArgumentException(file + " must be at most " + MAX_JSON_BYTES + " bytes, got " + size);
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.nio.charset.MalformedInputException e) {
      throw new IllegalArgumentException(file + " must be UTF-8 text (corrupt?)", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static String kind(Object v) {
    return v == null ? "null" : v instanceof List<?> ? "an array" : "a " + v.getClass().getSimpleName().toLowerCase();
  }

  /** Releases this process's lock on the folder (no-op for a folder opened for reading). */
  @Override
  public void close() {
    if (locked) RunLock.release(dir);
  }
}
