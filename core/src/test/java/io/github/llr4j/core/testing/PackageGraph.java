package io.github.llr4j.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The package dependency graph of a source tree, read from the source files: every import and
 * fully qualified reference in code (comments and string literals removed) to a package under
 * {@code prefix}. {@link #cycles} lists the dependencies that lie on a cycle, so a module test can
 * assert that there are none.
 */
public final class PackageGraph {
  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
  private static final Pattern COMMENTS_AND_STRINGS =
      Pattern.compile("/\\*.*?\\*/|//[^\\n]*|\"(?:\\\\.|[^\"\\\\])*\"", Pattern.DOTALL);

  private final Map<String, Set<String>> edges = new TreeMap<>();

  private PackageGraph() {}

  /** Reads every {@code .java} file under {@code sourceRoot}; references outside {@code prefix} are ignored. */
  public static PackageGraph read(Path sourceRoot, String prefix) {
    PackageGraph g = new PackageGraph();
    Pattern ref = Pattern.compile("\\b(" + Pattern.quote(prefix) + "(?:\\.[a-z]\\w*)*)\\.[A-Z]");
    try (Stream<Path> files = Files.walk(sourceRoot)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        String text = Files.readString(f);
        Matcher pm = PACKAGE.matcher(text);
        if (!pm.find()) continue;
        String pkg = pm.group(1);
        Set<String> out = g.edges.computeIfAbsent(pkg, k -> new TreeSet<>());
        Matcher m = ref.matcher(COMMENTS_AND_STRINGS.matcher(text.substring(pm.end())).replaceAll(" "));
        while (m.find()) if (!m.group(1).equals(pkg)) out.add(m.group(1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read sources under " + sourceRoot, e);
    }
    return g;
  }

  /** The packages read and what each depends on. */
  public Map<String, Set<String>> edges() {
    return edges;
  }

  /** Every dependency {@code a -> b} such that {@code b} also reaches {@code a}, as "a -> b". */
  public List<String> cycles() {
    List<String> found = new ArrayList<>();
    edges.forEach((a, outs) -> outs.forEach(b -> { if (reaches(b, a)) found.add(a + " -> " + b); }));
    return found;
  }

  private boolean reaches(String from, String to) {
    Set<String> seen = new TreeSet<>();
    List<String> stack = new ArrayList<>(List.of(from));
    while (!stack.isEmpty()) {
      String x = stack.remove(stack.size() - 1);
      for (String y : edges.getOrDefault(x, Set.of())) {
        if (y.equals(to)) return true;
        if (seen.add(y)) stack.add(y);
      }
    }
    return false;
  }
}
