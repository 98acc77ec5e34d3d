package io.harnessrouter.host.onboard;

import io.harnessrouter.host.install.Host;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The answers given on the command line. A step whose answer is given is not asked; with
 * {@link #yes()} no step is asked and each takes its default (shown in the preview).
 *
 * @param yes      {@code --yes}: ask nothing, write without confirming
 * @param fresh    {@code --fresh}: start over even when a config exists (it is still backed up)
 * @param models   {@code --models}: the models, best first
 * @param harness  {@code --harness model=id,id}: the subscription harnesses of a model
 * @param metered  {@code --metered model=VAR[@base_url]}: metered fallbacks of a model
 * @param noMetered {@code --no-metered}: offer no metered fallback
 * @param mixture  {@code --mixture}: the fanout default; an empty list means every route
 * @param install  {@code --install host,host}: the MCP hosts to install into
 * @param noInstall {@code --no-install}: install into no host
 */
public record OnboardOptions(boolean yes, boolean fresh, Optional<List<String>> models,
        Map<String, List<String>> harness, Map<String, List<Metered>> metered, boolean noMetered,
        Optional<List<String>> mixture, Optional<List<Host>> install, boolean noInstall) {

    public OnboardOptions {
        models = models == null ? Optional.empty() : models.map(List::copyOf);
        harness = Map.copyOf(harness);
        metered = Map.copyOf(metered);
        mixture = mixture == null ? Optional.empty() : mixture.map(List::copyOf);
        install = install == null ? Optional.empty() : install.map(List::copyOf);
    }

    /**
     * One metered fallback asked for.
     *
     * @param envVar  the variable holding the key, written as {@code ${envVar}}
     * @param baseUrl the API root
     */
    public record Metered(String envVar, String baseUrl) {

        /**
         * {@code VAR} (a provider's known variable) or {@code VAR@base_url}; throws
         * {@link IllegalArgumentException} saying what is wrong.
         */
        public static Metered parse(String text) {
            String var = text.strip();
            String url = null;
            int at = var.indexOf('@');
            if (at >= 0) {
                url = var.substring(at + 1).strip();
                var = var.substring(0, at).strip();
                if (!url.matches("https?://[^\\s/]+.*")) {
                    throw new IllegalArgumentException("'" + url + "' is no http(s) URL");
                }
            }
            if (!var.matches("[A-Z_][A-Z0-9_]*")) {
                throw new IllegalArgumentException("'" + var + "' is no environment variable name (upper case, digits,"
                        + " _): the key itself never goes on the command line or into the file");
            }
            if (url == null) {
                String name = var;
                url = MeteredProvider.byEnvVar(var).map(MeteredProvider::baseUrl).orElseThrow(() ->
                        new IllegalArgumentException("no known API uses " + name + "; give its URL: " + name
                                + "@https://..."));
            }
            return new Metered(var, url);
        }
    }
}
