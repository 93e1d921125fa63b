package io.github.llr4j.core.nn.init;

import java.nio.charset.StandardCharsets;

/**
 * Derives well-separated 64-bit seeds: SplitMix64 finalisation of the base seed mixed with a
 * 64-bit FNV-1a hash of a name (layer name) or an index. Distinct names give unrelated seeds, the
 * same (base, name) always the same seed.
 */
public final class Seeds {
  private Seeds() {}

  /** Seed for the component {@code name} of a model built from {@code base}. */
  public static long derive(long base, String name) {
    long h = 0xcbf29ce484222325L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return mix(base ^ mix(h));
  }

  /** Seed for the {@code index}-th component of a model built from {@code base}. */
  public static long derive(long base, long index) {
    return mix(base + 0x9e3779b97f4a7c15L * (index + 1));
  }

  /** The SplitMix64 finaliser (Steele, Lea, Flood 2014). */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
