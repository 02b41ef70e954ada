package dev.spoon;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The product version, filtered in from the build. */
public final class Version {
    private Version() {
    }

    public static String get() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            String v = p.getProperty("version");
            return v == null || v.startsWith("$") ? "dev" : v;
        } catch (IOException e) {
            return "dev";
        }
    }
}
