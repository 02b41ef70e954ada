package dev.spoon.workbench.request;

import java.util.Base64;

/** Image bytes for tests. */
public final class TestImages {
    /** A real 1×1 PNG. */
    public static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private TestImages() {
    }
}
