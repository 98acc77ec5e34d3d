package io.harnessrouter.api.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Renders the binary API of compiled classes as text: one {@code type} line per public type, then
 * its supertypes and its public and protected constructors, methods and fields, with erased types
 * (what the JVM links against). The text is the API dump that {@link ApiCompatibility} compares.
 *
 * <p>Only what a compiled plugin can link to is listed: public top-level types, and nested types
 * whose enclosing types are all public; synthetic and bridge members are left out. Lines are
 * sorted so the dump of the same classes is the same text.
 */
final class ApiSignatures {

    private ApiSignatures() {
    }

    /** The dump of every class file under {@code classesRoot} whose package starts with {@code packagePrefix}. */
    static String dump(Path classesRoot, String packagePrefix, ClassLoader loader) {
        Path packageDir = classesRoot.resolve(packagePrefix.replace('.', '/'));
        List<String> blocks = new ArrayList<>();
        for (String name : classNames(classesRoot, packageDir)) {
            Class<?> type = load(name, loader);
            if (linkable(type)) {
                blocks.add(render(type));
            }
        }
        return String.join("", blocks);
    }

    private static List<String> classNames(Path root, Path packageDir) {
        try (Stream<Path> files = Files.walk(packageDir)) {
            return files.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> root.relativize(p).toString())
                    .map(p -> p.substring(0, p.length() - ".class".length()).replace('/', '.'))
                    .filter(n -> !n.endsWith("package-info") && !n.endsWith("module-info"))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + packageDir, e);
        }
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("cannot load " + name + " for the API dump: " + e, e);
        }
    }

    private static boolean linkable(Class<?> type) {
        if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
            return false;
        }
        for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
            int mod = t.getModifiers();
            boolean nested = t.getEnclosingClass() != null;
            if (!(Modifier.isPublic(mod) || nested && Modifier.isProtected(mod))) {
                return false;
            }
        }
        return true;
    }

    private static String render(Class<?> type) {
        StringBuilder out = new StringBuilder();
        out.append("type ").append(type.getName()).append(' ').append(kind(type)).append(typeFlags(type)).append('\n');
        for (String sup : supertypes(type)) {
            out.append("  super ").append(sup).append('\n');
        }
        Set<String> members = new TreeSet<>();
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (visible(c) && !c.isSynthetic()) {
                members.add("ctor " + access(c) + " (" + params(c) + ")");
            }
        }
        for (Method m : type.getDeclaredMethods()) {
            if (visible(m) && !m.isSynthetic() && !m.isBridge()) {
                members.add("method " + access(m) + methodFlags(type, m) + " " + m.getReturnType().getTypeName()
                        + " " + m.getName() + "(" + params(m) + ")");
            }
        }
        for (Field f : type.getDeclaredFields()) {
            if (visible(f) && !f.isSynthetic()) {
                members.add("field " + access(f) + flag(f, Modifier.STATIC, " static") + flag(f, Modifier.FINAL, " final")
                        + " " + f.getType().getTypeName() + " " + f.getName());
            }
        }
        members.forEach(m -> out.append("  ").append(m).append('\n'));
        return out.toString();
    }

    private static String kind(Class<?> type) {
        if (type.isAnnotation()) {
            return "annotation";
        }
        if (type.isInterface()) {
            return "interface";
        }
        if (type.isEnum()) {
            return "enum";
        }
        if (type.isRecord()) {
            return "record";
        }
        return "class";
    }

    private static String typeFlags(Class<?> type) {
        int mod = type.getModifiers();
        StringBuilder flags = new StringBuilder(Modifier.isPublic(mod) ? " public" : " protected");
        if (!type.isInterface() && Modifier.isAbstract(mod)) {
            flags.append(" abstract");
        }
        if (Modifier.isFinal(mod) && !type.isEnum() && !type.isRecord()) {
            flags.append(" final");
        }
        if (type.isSealed()) {
            flags.append(" sealed");
        }
        return flags.toString();
    }

    /** Every supertype a compiled caller can rely on, not only the direct ones: moving one up the chain is fine. */
    private static Set<String> supertypes(Class<?> type) {
        Set<String> all = new LinkedHashSet<>();
        collect(type, all);
        all.remove(type.getName());
        all.remove(Object.class.getName());
        return new TreeSet<>(all);
    }

    private static void collect(Class<?> type, Set<String> into) {
        if (type == null || !into.add(type.getName())) {
            return;
        }
        collect(type.getSuperclass(), into);
        Arrays.stream(type.getInterfaces()).forEach(i -> collect(i, into));
    }

    private static boolean visible(Member m) {
        int mod = m.getModifiers();
        return Modifier.isPublic(mod) || Modifier.isProtected(mod);
    }

    private static String access(Member m) {
        return Modifier.isPublic(m.getModifiers()) ? "public" : "protected";
    }

    private static String methodFlags(Class<?> owner, Method m) {
        int mod = m.getModifiers();
        StringBuilder flags = new StringBuilder();
        if (Modifier.isStatic(mod)) {
            flags.append(" static");
        }
        if (Modifier.isAbstract(mod)) {
            flags.append(" abstract");
        } else if (owner.isInterface() && !Modifier.isStatic(mod)) {
            flags.append(" default");
        }
        if (Modifier.isFinal(mod)) {
            flags.append(" final");
        }
        return flags.toString();
    }

    private static String flag(Member m, int bit, String word) {
        return (m.getModifiers() & bit) != 0 ? word : "";
    }

    private static String params(Executable e) {
        return Arrays.stream(e.getParameterTypes()).map(Class::getTypeName).collect(Collectors.joining(", "));
    }
}
