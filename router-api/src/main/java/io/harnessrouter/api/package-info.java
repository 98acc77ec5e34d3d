/**
 * The harness-router plugin SPI. A plugin implements {@link io.harnessrouter.api.Harness} (a PF4J
 * extension point) and returns a {@link io.harnessrouter.api.Dispatcher}, a
 * {@link io.harnessrouter.api.DoctorProbe} and a {@link io.harnessrouter.api.QuotaHeaderParser}.
 * Everything crossing the plugin boundary is a JDK type or a type from this package; the host
 * lends services through {@link io.harnessrouter.api.HarnessContext}.
 *
 * <p>Compatibility: this package follows semantic versioning with the host's system version;
 * a plugin built against 0.x declares {@code Plugin-Requires: >=0.x.0}.
 */
package io.harnessrouter.api;
