/**
 * Argument validation with one message style, {@code "<name> must <constraint>, got <value>"}
 * (plus the fix when obvious): {@link io.github.llr4j.core.check.Require}.
 */
package io.github.llr4j.core.check;
