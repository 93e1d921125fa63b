/**
 * Models and layers. A {@link io.github.llr4j.core.nn.ModelSpec} (immutable description) builds a
 * {@link io.github.llr4j.core.nn.Model} (its variables) once per graph; the model is then applied
 * any number of times through {@link io.github.llr4j.core.nn.ModelContext}, so clean, adversarial
 * and SAM passes share weights. Every parameter is read through {@link
 * io.github.llr4j.core.nn.Params#read}, which inserts an identity (TF-Java field note: some
 * gradients of ops applied directly to a variable's output crash the JVM).
 */
package io.github.llr4j.core.nn;
