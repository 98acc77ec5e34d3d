package io.harnessrouter.api.compat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares two API dumps of {@link ApiSignatures}: the recorded one (what plugins were compiled
 * against) and the current one. A <em>break</em> is anything that makes a plugin compiled against
 * the recorded API fail to link or behave differently at link time: a type, member, supertype or
 * enum constant gone; a type's kind changed; a return or field type changed; static/instance
 * swapped; visibility narrowed; a class, method or type made final or abstract; an abstract method
 * added to a type plugins extend or implement. Everything else that differs is an <em>addition</em>
 * the record does not have yet.
 */
final class ApiCompatibility {

    /** What the comparison found: the breaks, and the lines the recorded dump lacks. */
    record Report(List<String> breaks, List<String> unrecorded) {
        boolean compatible() {
            return breaks.isEmpty();
        }

        boolean identical() {
            return breaks.isEmpty() && unrecorded.isEmpty();
        }
    }

    private record Type(String name, String kind, Set<String> flags, Set<String> supers, Map<String, Member> members) {
        boolean extensibleByPlugins() {
            return !flags.contains("final") && !flags.contains("sealed") && !kind.equals("enum") && !kind.equals("record");
        }
    }

    /** A member: its key (kind, name, parameters), its access, flags, and its type (return or field type). */
    private record Member(String key, String access, Set<String> flags, String type, String line) {
    }

    private ApiCompatibility() {
    }

    static Report compare(String recorded, String current) {
        Map<String, Type> before = parse(recorded);
        Map<String, Type> after = parse(current);
        List<String> breaks = new ArrayList<>();
        List<String> unrecorded = new ArrayList<>();
        for (Type old : before.values()) {
            Type now = after.get(old.name());
            if (now == null) {
                breaks.add(old.name() + ": type removed");
                continue;
            }
            compareType(old, now, breaks, unrecorded);
        }
        after.keySet().stream().filter(n -> !before.containsKey(n)).forEach(n -> unrecorded.add(n + ": new type"));
        return new Report(List.copyOf(breaks), List.copyOf(unrecorded));
    }

    private static void compareType(Type old, Type now, List<String> breaks, List<String> unrecorded) {
        String t = old.name();
        if (!old.kind().equals(now.kind())) {
            breaks.add(t + ": was " + old.kind() + ", is " + now.kind());
        }
        if (old.flags().contains("public") && !now.flags().contains("public")) {
            breaks.add(t + ": no longer public");
        }
        for (String flag : List.of("final", "abstract")) {
            if (now.flags().contains(flag) && !old.flags().contains(flag) && !old.flags().contains("sealed")) {
                breaks.add(t + ": made " + flag);
            }
        }
        if (!now.flags().equals(old.flags()) && breaks.stream().noneMatch(b -> b.startsWith(t + ": made"))) {
            unrecorded.add(t + ": flags " + old.flags() + " -> " + now.flags());
        }
        for (String sup : old.supers()) {
            if (!now.supers().contains(sup)) {
                breaks.add(t + ": no longer a " + sup);
            }
        }
        now.supers().stream().filter(s -> !old.supers().contains(s)).forEach(s -> unrecorded.add(t + ": new supertype " + s));
        for (Member was : old.members().values()) {
            Member is = now.members().get(was.key());
            if (is == null) {
                breaks.add(t + ": " + was.key() + " removed");
            } else {
                compareMember(t, was, is, breaks, unrecorded);
            }
        }
        for (Member added : now.members().values()) {
            if (old.members().containsKey(added.key())) {
                continue;
            }
            if (added.flags().contains("abstract") && old.extensibleByPlugins()) {
                breaks.add(t + ": abstract " + added.key() + " added; a plugin that extends or implements "
                        + simpleName(t) + " does not have it (give it a default body)");
            } else {
                unrecorded.add(t + ": new " + added.line());
            }
        }
    }

    private static void compareMember(String t, Member was, Member is, List<String> breaks, List<String> unrecorded) {
        int before = breaks.size();
        if (!was.type().equals(is.type())) {
            breaks.add(t + ": " + was.key() + " type was " + was.type() + ", is " + is.type());
        }
        if (was.flags().contains("static") != is.flags().contains("static")) {
            breaks.add(t + ": " + was.key() + (is.flags().contains("static") ? " made static" : " no longer static"));
        }
        if (was.access().equals("public") && !is.access().equals("public")) {
            breaks.add(t + ": " + was.key() + " no longer public");
        }
        for (String flag : List.of("final", "abstract")) {
            if (is.flags().contains(flag) && !was.flags().contains(flag)) {
                breaks.add(t + ": " + was.key() + " made " + flag);
            }
        }
        if (breaks.size() == before && !was.line().equals(is.line())) {
            unrecorded.add(t + ": " + was.line() + " -> " + is.line());
        }
    }

    private static Map<String, Type> parse(String dump) {
        Map<String, Type> types = new LinkedHashMap<>();
        Type current = null;
        int lineNo = 0;
        for (String raw : dump.split("\n", -1)) {
            lineNo++;
            if (raw.isBlank() || raw.startsWith("#")) {
                continue;
            }
            String line = raw.strip();
            if (raw.startsWith("type ")) {
                String[] words = line.split(" ");
                if (words.length < 3) {
                    throw new IllegalArgumentException("API dump line " + lineNo + ": 'type <name> <kind> ...' expected: " + raw);
                }
                current = new Type(words[1], words[2], new TreeSet<>(List.of(words).subList(3, words.length)),
                        new TreeSet<>(), new LinkedHashMap<>());
                types.put(current.name(), current);
            } else if (current == null) {
                throw new IllegalArgumentException("API dump line " + lineNo + ": member before any type: " + raw);
            } else if (line.startsWith("super ")) {
                current.supers().add(line.substring("super ".length()));
            } else {
                Member m = member(line, lineNo);
                current.members().put(m.key(), m);
            }
        }
        return types;
    }

    /** Parses {@code ctor public (A, B)}, {@code method public static abstract R name(A)}, {@code field public static final T NAME}. */
    private static Member member(String line, int lineNo) {
        String[] head = line.split(" ", 3);
        if (head.length < 3 || !(head[1].equals("public") || head[1].equals("protected"))) {
            throw new IllegalArgumentException("API dump line " + lineNo + ": member '<kind> public|protected ...' expected: " + line);
        }
        String kind = head[0];
        String access = head[1];
        String rest = head[2];
        Set<String> flags = new TreeSet<>();
        while (rest.startsWith("static ") || rest.startsWith("final ") || rest.startsWith("abstract ") || rest.startsWith("default ")) {
            int sp = rest.indexOf(' ');
            flags.add(rest.substring(0, sp));
            rest = rest.substring(sp + 1);
        }
        switch (kind) {
            case "ctor":
                return new Member("ctor " + rest, access, flags, "", line);
            case "method": {
                int sp = rest.indexOf(' ');
                return new Member("method " + rest.substring(sp + 1), access, flags, rest.substring(0, sp), line);
            }
            case "field": {
                int sp = rest.lastIndexOf(' ');
                return new Member("field " + rest.substring(sp + 1), access, flags, rest.substring(0, sp), line);
            }
            default:
                throw new IllegalArgumentException("API dump line " + lineNo + ": unknown member kind '" + kind + "': " + line);
        }
    }

    private static String simpleName(String binaryName) {
        return binaryName.substring(binaryName.lastIndexOf('.') + 1);
    }
}
