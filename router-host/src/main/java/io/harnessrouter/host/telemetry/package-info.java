/**
 * OpenTelemetry spans for the {@code code} tool: the tool call, the route decision and each
 * dispatch attempt (see {@code docs/telemetry.md}).
 *
 * <p>This package uses no OpenTelemetry type; {@link io.harnessrouter.host.telemetry.Telemetry#start}
 * loads {@code telemetry.otel}, where every OpenTelemetry reference lives, only when the standard
 * {@code OTEL_*} variables turn tracing on. The MCP layer gets a
 * {@link io.harnessrouter.host.telemetry.CallTrace} per call; the routing layer sees only a
 * {@link io.harnessrouter.host.routing.RouteListener}.
 */
package io.harnessrouter.host.telemetry;
