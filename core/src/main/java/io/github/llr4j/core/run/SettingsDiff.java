package io.github.llr4j.core.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The settings a stored record was made with against the settings of now, as the lines a refusal
 * names: "key saved (run) vs now (now)" for every differing leaf, nested keys joined with '.'.
 * Both sides are compared in their JSON form (a stored file has been through one round trip).
 */
public final class SettingsDiff {
  private SettingsDiff() {}

  public static List<String> between(Map<?, ?> saved, Map<?, ?> now) {
    return between("", normal(saved), normal(now));
  }

  private static List<String> between(String prefix, Map<String, Object> saved, Map<String, Object> now) {
    List<String> out = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(saved.keySet());
    keys.addAll(now.keySet());
    for (String k : keys) {
      Object a = saved.get(k);
      Object b = now.get(k);
      if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) out.addAll(between(prefix + k + ".", cast(ma), cast(mb)));
      else if (!Objects.equals(a, b)) out.add(prefix + k + " " + a + " (run) vs " + b + " (now)");
    }
    return out;
  }

  private static Map<String, Object> normal(Map<?, ?> m) {
    return m == null ? Map.of() : cast(RunFolder.JSON.convertValue(m, Map.class));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }
}
