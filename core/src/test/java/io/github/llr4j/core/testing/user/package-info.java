/**
 * Tests written as a user of core's test-jar would write them: a user's own optimizer and a
 * user's own reshaper prove themselves by extending the public contracts of
 * {@link io.github.llr4j.core.testing}, with nothing but public API.
 */
package io.github.llr4j.core.testing.user;
