package dev.spoon;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * Starts the workbench with JavaFX as named modules, the only configuration JavaFX supports: loaded from the
 * class path, JavaFX 16+ prints "WARNING: Unsupported JavaFX configuration: classes were loaded from 'unnamed
 * module'" at every start. The installed app and {@code mvn javafx:run} put JavaFX on the module path
 * themselves; for {@code java -jar spoon-workbench.jar} (whose manifest can only name a class path) the JavaFX
 * jars of that class path are resolved here into a module layer of their own, and the application is loaded by
 * a class loader over the rest of the class path whose parent is that layer's. Nothing else changes: the
 * application and its libraries stay class-path code.
 */
final class JavaFxModules {
    /** The JavaFX modules the workbench uses (their dependencies come along). */
    private static final Set<String> ROOTS = Set.of("javafx.controls", "javafx.swing");
    private static final String APP = "dev.spoon.workbench.WorkbenchApp";

    private JavaFxModules() {
    }

    /** Opens the workbench (blocks until its window closes). */
    static void launch(String[] args) {
        if (ModuleLayer.boot().findModule("javafx.graphics").isPresent()) {
            invoke(Launcher.class.getClassLoader(), args); // already on the module path
            return;
        }
        List<Path> classPath = classPath();
        List<Path> fx = new ArrayList<>();
        List<URL> rest = new ArrayList<>();
        ModuleFinder all = ModuleFinder.of(classPath.stream().filter(p -> p.getFileName().toString()
                .startsWith("javafx-")).toArray(Path[]::new));
        Set<Path> modular = new LinkedHashSet<>();
        for (ModuleReference ref : all.findAll()) {
            // the unclassified javafx-*.jar are empty stubs named javafx.*Empty (automatic modules)
            if (!ref.descriptor().isAutomatic() && ref.descriptor().name().startsWith("javafx.")) {
                ref.location().ifPresent(uri -> modular.add(Path.of(uri)));
            }
        }
        for (Path p : classPath) {
            if (modular.contains(p)) {
                fx.add(p);
            } else if (!p.getFileName().toString().startsWith("javafx-")) {
                rest.add(url(p));
            }
        }
        if (fx.isEmpty()) {
            invoke(Launcher.class.getClassLoader(), args); // no JavaFX jars found: let JavaFX say what is wrong
            return;
        }
        Configuration cf = ModuleLayer.boot().configuration()
                .resolve(ModuleFinder.of(fx.toArray(Path[]::new)), ModuleFinder.of(), ROOTS);
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
        ClassLoader app = new URLClassLoader("spoon-app", rest.toArray(URL[]::new), layer.findLoader("javafx.graphics"));
        Thread.currentThread().setContextClassLoader(app); // service loading and the FX thread use it
        invoke(app, args);
    }

    private static void invoke(ClassLoader loader, String[] args) {
        try {
            Class.forName(APP, true, loader).getMethod("launchApp", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot start the workbench: " + e, e);
        }
    }

    /** This process's class path: the jar's manifest Class-Path when started with -jar, else java.class.path. */
    static List<Path> classPath() {
        List<Path> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (e.isEmpty()) {
                continue;
            }
            Path p = Path.of(e).toAbsolutePath();
            out.add(p);
            if (Files.isRegularFile(p) && p.toString().endsWith(".jar")) {
                out.addAll(manifestClassPath(p));
            }
        }
        return out;
    }

    private static List<Path> manifestClassPath(Path jar) {
        List<Path> out = new ArrayList<>();
        try (JarFile f = new JarFile(jar.toFile())) {
            String cp = f.getManifest() == null ? null
                    : f.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (cp != null) {
                URL base = jar.toUri().toURL();
                for (String entry : cp.trim().split("\\s+")) {
                    out.add(Path.of(new URL(base, entry).toURI()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest of " + jar, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad Class-Path entry in " + jar + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static URL url(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
