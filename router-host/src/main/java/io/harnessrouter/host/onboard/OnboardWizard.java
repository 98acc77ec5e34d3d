package io.harnessrouter.host.onboard;

import io.harnessrouter.host.install.Host;
import io.harnessrouter.host.onboard.OnboardOptions.Metered;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The onboarding steps, from detected CLIs to a confirmed config: edit the existing config or start
 * over, choose the models (a catalogue pick list when there is one, free text always), order the
 * priority, choose each model's harnesses, add metered fallbacks for keys set in the environment,
 * choose the fanout default and the MCP hosts, preview, confirm. An answer given by a flag is not
 * asked; with {@code --yes} nothing is. Writes nothing itself. Not thread-safe; one run per instance.
 */
public final class OnboardWizard {

    /**
     * What the user confirmed.
     *
     * @param draft the config to write
     * @param hosts the MCP hosts to install into (empty: none)
     */
    public record Outcome(ConfigDraft draft, List<Host> hosts) {
    }

    private final OnboardOptions options;
    private final Map<String, String> env;
    private final List<DetectedHarness> detected;
    private final List<String> knownHarnesses;
    private final Supplier<List<ModelCatalogue.Entry>> catalogue;
    private final List<Host> detectedHosts;
    private final Optional<Prompter> prompter;
    private final PrintWriter out;

    /**
     * @param options        the flags
     * @param env            the environment, for the metered keys (only whether a variable is set)
     * @param detected       the CLI harnesses found
     * @param knownHarnesses every harness id the registry serves, for the free-text answers
     * @param catalogue      the model catalogue, asked for only when the models step is asked
     * @param detectedHosts  the MCP hosts that look installed
     * @param prompter       how to ask; empty with {@code --yes}
     * @param out            where the questions' context and the preview go
     */
    public OnboardWizard(OnboardOptions options, Map<String, String> env, List<DetectedHarness> detected,
            List<String> knownHarnesses, Supplier<List<ModelCatalogue.Entry>> catalogue, List<Host> detectedHosts,
            Optional<Prompter> prompter, PrintWriter out) {
        this.options = options;
        this.env = Map.copyOf(env);
        this.detected = List.copyOf(detected);
        this.knownHarnesses = List.copyOf(knownHarnesses);
        this.catalogue = catalogue;
        this.detectedHosts = List.copyOf(detectedHosts);
        this.prompter = prompter;
        this.out = out;
    }

    /**
     * Runs the steps on {@code start} (the existing config, or a new one) and returns what to write,
     * or empty when the user aborted (said no, or ended the input).
     */
    public Optional<Outcome> run(ConfigDraft draft, String target) {
        List<String> models = chooseModels(draft);
        models = orderPriority(models);
        checkFlagModels(models);
        draft.setModels(models);
        for (String model : models) {
            draft.setHarnesses(model, chooseHarnesses(draft, model), opencodeModels(model));
            addMetered(draft, model);
        }
        List<String> empty = draft.modelsWithoutRoutes();
        if (!empty.isEmpty()) {
            if (options.yes() || options.models().isPresent()) {
                throw OnboardException.usage("no route for " + String.join(", ", empty) + ": pass --harness "
                        + empty.get(0) + "=<id>[,<id>] or --metered " + empty.get(0) + "=<KEY_VARIABLE>");
            }
            out.println("No route chosen for " + String.join(", ", empty) + ": left out.");
            List<String> kept = new ArrayList<>(models);
            kept.removeAll(empty);
            draft.setModels(kept);
            models = kept;
        }
        if (models.isEmpty()) {
            throw OnboardException.failure("no model has a route, so there is nothing to write");
        }
        draft.setMixtureDefault(chooseMixture(draft, models));
        List<Host> hosts = chooseHosts();
        out.println();
        out.println("The config for " + target + ":");
        draft.render().lines().forEach(l -> out.println("    " + l));
        out.println(hosts.isEmpty() ? "No MCP host install." : "Then install into: "
                + hosts.stream().map(Host::id).collect(Collectors.joining(", ")));
        out.flush();
        if (!options.yes() && !confirm("Write it? [Y/n] ", true)) {
            return Optional.empty();
        }
        return Optional.of(new Outcome(draft, hosts));
    }

    /** Whether to edit {@code path}'s config (true) or start over; asked unless a flag answers. */
    public boolean editExisting(String path, ConfigDraft existing) {
        if (options.fresh()) {
            return false;
        }
        if (options.yes()) {
            out.println("Editing " + path + " (models " + String.join(", ", existing.orderedModels()) + ").");
            return true;
        }
        out.println("Found " + path + " with " + (existing.models().isEmpty() ? "no models"
                : "models " + String.join(", ", existing.orderedModels())) + ".");
        return confirm("Edit it, keeping its routes? (n starts over; it is backed up either way) [Y/n] ", true);
    }

    private List<String> chooseModels(ConfigDraft draft) {
        List<String> current = draft.orderedModels();
        if (options.models().isPresent()) {
            return Answers.distinct(options.models().get());
        }
        if (options.yes()) {
            if (current.isEmpty()) {
                throw OnboardException.usage("no models: pass --models <model>[,<model>...] (best first)");
            }
            return current;
        }
        List<ModelCatalogue.Entry> entries = catalogue.get();
        out.println();
        if (!entries.isEmpty()) {
            out.println("Models in the OpenRouter catalogue:");
            String provider = "";
            for (int i = 0; i < entries.size(); i++) {
                ModelCatalogue.Entry e = entries.get(i);
                if (!e.provider().equals(provider)) {
                    provider = e.provider();
                    out.println("  — " + provider + " —");
                }
                out.println("  " + (i + 1) + ") " + e.label());
            }
        }
        String how = entries.isEmpty() ? "model names" : "numbers from the list or model names";
        while (true) {
            String answer = ask("Models to use, best first (" + how + ", comma separated)"
                    + (current.isEmpty() ? "" : " [" + String.join(", ", current) + "]") + ": ");
            if (answer.isEmpty() && !current.isEmpty()) {
                return current;
            }
            List<String> models = new ArrayList<>();
            String bad = null;
            for (String token : Answers.split(answer)) {
                if (token.matches("\\d+")) {
                    int n = Integer.parseInt(token);
                    if (n < 1 || n > entries.size()) {
                        bad = token;
                        break;
                    }
                    models.add(entries.get(n - 1).key());
                } else {
                    models.add(token);
                }
            }
            if (bad != null) {
                out.println("  " + bad + " is not a number from the list (1 to " + entries.size() + ")");
            } else if (models.isEmpty()) {
                out.println("  name at least one model");
            } else {
                return Answers.distinct(models);
            }
        }
    }

    /** {@code --harness} and {@code --metered} must name models that are used. */
    private void checkFlagModels(List<String> models) {
        for (String flag : List.of("--harness", "--metered")) {
            var keys = flag.equals("--harness") ? options.harness().keySet() : options.metered().keySet();
            for (String model : keys) {
                if (!models.contains(model)) {
                    throw OnboardException.usage(flag + " " + model + "=...: " + model + " is not among the models ("
                            + String.join(", ", models) + ")");
                }
            }
        }
    }

    private List<String> orderPriority(List<String> models) {
        if (models.size() < 2 || options.yes() || options.models().isPresent()) {
            return models;
        }
        out.println();
        out.println("Priority (the router tries models in this order):");
        Answers.list(out, models);
        while (true) {
            String answer = ask("Order, best first, as numbers (Enter keeps this order): ");
            if (answer.isEmpty()) {
                return models;
            }
            Optional<List<String>> picked = Answers.pick(answer, models);
            if (picked.isPresent() && picked.get().size() == models.size()) {
                return picked.get();
            }
            out.println("  give every number from 1 to " + models.size() + " once, e.g. "
                    + Answers.reversedExample(models.size()));
        }
    }

    private List<String> chooseHarnesses(ConfigDraft draft, String model) {
        if (options.harness().containsKey(model)) {
            return options.harness().get(model);
        }
        List<String> current = draft.harnesses(model);
        List<String> defaults = current.isEmpty() ? familyDefault(model) : current;
        if (options.yes()) {
            return defaults;
        }
        out.println();
        out.println("CLIs that can serve " + model + " on a subscription (several are fine: the router falls"
                + " over from one to the next):");
        List<String> ids = new ArrayList<>(detected.stream().map(DetectedHarness::id).toList());
        current.stream().filter(id -> !ids.contains(id)).forEach(ids::add);
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            String state = detected.stream().filter(d -> d.id().equals(id)).findFirst()
                    .map(d -> d.installed() ? "" : "  (not installed)").orElse("  (no plugin)");
            out.println("  " + (i + 1) + ") " + id + state);
        }
        while (true) {
            String answer = ask("Harnesses for " + model + " (numbers or ids, comma separated; none for no"
                    + " subscription route)" + (defaults.isEmpty() ? "" : " [" + String.join(", ", defaults) + "]") + ": ");
            if (answer.isEmpty()) {
                return defaults;
            }
            if (answer.equalsIgnoreCase("none")) {
                return List.of();
            }
            List<String> chosen = new ArrayList<>();
            String bad = null;
            for (String token : Answers.split(answer)) {
                if (token.matches("\\d+")) {
                    int n = Integer.parseInt(token);
                    if (n < 1 || n > ids.size()) {
                        bad = token;
                        break;
                    }
                    chosen.add(ids.get(n - 1));
                } else if (knownHarnesses.contains(token) || ids.contains(token)) {
                    chosen.add(token);
                } else {
                    bad = token;
                    break;
                }
            }
            if (bad == null) {
                return Answers.distinct(chosen);
            }
            out.println("  " + bad + " is neither a number from the list nor a harness id ("
                    + String.join(", ", knownHarnesses) + ")");
        }
    }

    /** The CLI made for the model's family, when it is installed: claude_code for claude-*, and so on. */
    private List<String> familyDefault(String model) {
        String name = model.substring(model.indexOf('/') + 1).toLowerCase(Locale.ROOT);
        String family = name.matches(".*claude.*|opus|sonnet|haiku") ? "claude_code"
                : name.matches("(gpt-|o\\d|codex).*") ? "codex"
                : name.startsWith("gemini") ? "gemini_cli" : "";
        return detected.stream().filter(d -> d.installed() && d.id().equals(family)).map(DetectedHarness::id).toList();
    }

    /** opencode wants {@code provider/model}: the override it gets when the model key has no provider. */
    private static Map<String, String> opencodeModels(String model) {
        if (model.contains("/")) {
            return Map.of();
        }
        return MeteredProvider.forModel(model).map(p -> Map.of("opencode", p.provider() + "/" + model)).orElse(Map.of());
    }

    private void addMetered(ConfigDraft draft, String model) {
        if (options.metered().containsKey(model)) {
            for (Metered m : options.metered().get(model)) {
                draft.addMetered(model, m.baseUrl(), m.envVar());
            }
            return;
        }
        if (options.noMetered()) {
            return;
        }
        for (MeteredProvider provider : MeteredProvider.values()) {
            String value = env.get(provider.envVar());
            if (value == null || value.isBlank() || !provider.serves(model)
                    || draft.meteredUrls(model).contains(provider.baseUrl())) {
                continue;
            }
            if (options.yes() || confirm(provider.envVar() + " is set: add " + provider.baseUrl()
                    + " as a metered fallback for " + model + " (written as ${" + provider.envVar() + "})? [Y/n] ", true)) {
                draft.addMetered(model, provider.baseUrl(), provider.envVar());
            }
        }
        if (!options.yes() && draft.harnesses(model).isEmpty() && draft.meteredUrls(model).isEmpty()) {
            while (true) {
                String answer = ask("Another OpenAI-compatible API for " + model
                        + " (KEY_VARIABLE@base_url, Enter for none): ");
                if (answer.isEmpty()) {
                    return;
                }
                try {
                    Metered m = Metered.parse(answer);
                    draft.addMetered(model, m.baseUrl(), m.envVar());
                    return;
                } catch (IllegalArgumentException e) {
                    out.println("  " + e.getMessage());
                }
            }
        }
    }

    private List<String> chooseMixture(ConfigDraft draft, List<String> models) {
        List<String> current = draft.mixtureDefault().stream().filter(models::contains).toList();
        if (options.mixture().isPresent()) {
            List<String> unknown = options.mixture().get().stream().filter(m -> !models.contains(m)).toList();
            if (!unknown.isEmpty()) {
                throw OnboardException.usage("--mixture names " + String.join(", ", unknown)
                        + ", not among the models (" + String.join(", ", models) + ")");
            }
            return Answers.distinct(options.mixture().get());
        }
        if (options.yes() || models.size() < 2) {
            return current;
        }
        out.println();
        out.println("Fanout (mode: fanout) sends one task to several models at once. Its default models:");
        Answers.list(out, models);
        while (true) {
            String answer = ask("Fanout default (numbers, comma separated; all = every route)"
                    + " [" + (current.isEmpty() ? "all" : String.join(", ", current)) + "]: ");
            if (answer.isEmpty()) {
                return current;
            }
            if (answer.equalsIgnoreCase("all")) {
                return List.of();
            }
            Optional<List<String>> picked = Answers.pick(answer, models);
            if (picked.isPresent()) {
                return picked.get();
            }
            out.println("  give numbers from 1 to " + models.size() + ", or all");
        }
    }

    private List<Host> chooseHosts() {
        if (options.noInstall()) {
            return List.of();
        }
        if (options.install().isPresent()) {
            return options.install().get();
        }
        if (options.yes() || detectedHosts.isEmpty()) {
            return detectedHosts;
        }
        out.println();
        out.println("MCP hosts found on this machine (harness-router is added to their config; other entries stay):");
        for (int i = 0; i < detectedHosts.size(); i++) {
            out.println("  " + (i + 1) + ") " + detectedHosts.get(i).id() + "  " + detectedHosts.get(i).displayName());
        }
        List<String> ids = detectedHosts.stream().map(Host::id).toList();
        while (true) {
            String answer = ask("Install into (numbers, comma separated; none to skip) [all]: ");
            if (answer.isEmpty()) {
                return detectedHosts;
            }
            if (answer.equalsIgnoreCase("none")) {
                return List.of();
            }
            Optional<List<String>> picked = Answers.pick(answer, ids);
            if (picked.isPresent()) {
                return picked.get().stream().map(id -> Host.byId(id).orElseThrow()).toList();
            }
            out.println("  give numbers from 1 to " + detectedHosts.size() + ", or none");
        }
    }

    private boolean confirm(String question, boolean byDefault) {
        while (true) {
            String answer = ask(question).toLowerCase(Locale.ROOT);
            if (answer.isEmpty()) {
                return byDefault;
            }
            if (answer.equals("y") || answer.equals("yes")) {
                return true;
            }
            if (answer.equals("n") || answer.equals("no")) {
                return false;
            }
            out.println("  answer y or n");
        }
    }

    /** One answer; the input ending (Ctrl-D, Ctrl-C, end of a script) aborts the wizard. */
    private String ask(String prompt) {
        out.flush();
        return prompter.orElseThrow(() -> new IllegalStateException("asked with --yes: " + prompt)).ask(prompt)
                .orElseThrow(Aborted::new);
    }

    /** The user ended the input: nothing is written. */
    public static final class Aborted extends RuntimeException {
        public Aborted() {
            super("aborted", null, false, false);
        }
    }
}
