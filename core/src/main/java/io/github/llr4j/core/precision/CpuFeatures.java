package io.github.llr4j.core.precision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The CPU's model name and instruction-set flags as Linux reports them in {@code /proc/cpuinfo}
 * (the first processor's {@code model name} and {@code flags} lines; all cores of a machine
 * report the same). {@code known} is false when the file could not be read or had no flags line.
 */
public record CpuFeatures(String modelName, Set<String> flags, boolean known) {

  public CpuFeatures {
    modelName = modelName == null ? "unknown CPU" : modelName;
    flags = Set.copyOf(flags == null ? Set.of() : flags);
  }

  /** This machine's features, read from {@code /proc/cpuinfo}. */
  public static CpuFeatures current() {
    try {
      return parse(Files.readString(Path.of("/proc/cpuinfo")));
    } catch (IOException | SecurityException e) {
      return new CpuFeatures(null, Set.of(), false);
    }
  }

  /** Features from the text of a {@code /proc/cpuinfo} file. */
  public static CpuFeatures parse(String cpuinfo) {
    String model = null;
    Set<String> flags = null;
    for (String line : cpuinfo.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) continue;
      String key = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      if (model == null && key.equals("model name")) model = value;
      if (flags == null && key.equals("flags")) flags = new LinkedHashSet<>(Arrays.asList(value.split("\\s+")));
    }
    return new CpuFeatures(model, flags, flags != null);
  }

  /** bfloat16 dot products in hardware: AVX512-BF16 (AMD Zen 4 and later, Intel Cooper Lake) or AMX-BF16 (Intel Sapphire Rapids and later). */
  public boolean nativeBf16() {
    return flags.contains("avx512_bf16") || flags.contains("amx_bf16");
  }

  /** AVX-512 with the subsets oneDNN's bfloat16 emulation needs (its {@code avx512_core}). */
  public boolean avx512Core() {
    return flags.containsAll(Set.of("avx512f", "avx512bw", "avx512vl", "avx512dq"));
  }
}
