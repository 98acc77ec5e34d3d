/**
 * {@code harness-router doctor}: loads the plugins and the config the way the server does, asks
 * each harness's {@link io.harnessrouter.api.DoctorProbe} whether its CLI is installed and logged
 * in, then sends every enabled route a one-word prompt through the route's own dispatcher with the
 * route's own model, and reports what to fix. Nothing here writes to the state database.
 *
 * <p>{@link io.harnessrouter.host.doctor.Doctor} runs the checks and prints the report;
 * {@link io.harnessrouter.host.doctor.DoctorSession} holds what it loaded. The picocli front end is
 * {@code io.harnessrouter.host.cli.DoctorCommand}. See {@code docs/doctor.md}.
 */
package io.harnessrouter.host.doctor;
