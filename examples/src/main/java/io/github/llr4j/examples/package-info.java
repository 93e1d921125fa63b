/**
 * The {@code llr4j} command-line program ({@link io.github.llr4j.examples.Llr4j}) and runnable
 * examples built only from the public API of the library modules.
 */
package io.github.llr4j.examples;
